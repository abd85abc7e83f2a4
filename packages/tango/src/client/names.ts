import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { TangoNameError } from '../errors/tango-errors.js';

export interface HostPort {
  host: string;
  port: number;
}

/** A parsed device or attribute name (T-NAME-1). */
export interface TangoName {
  /** `domain/family/member`, lower-cased (names are case-insensitive). */
  device: string;
  /** Attribute name as given (case-insensitive on the server), when the name had four parts. */
  attribute?: string;
  /** The `HOST:PORT` of a fully qualified name: the database, or with `nodb` the device server itself. */
  host?: HostPort;
  /** `#dbase=no`: reach the server directly at `host` (corbaloc, object key = device name). */
  nodb: boolean;
}

const PART = /^[^/\s#]+$/;

function parseHostPort(text: string, what: string): HostPort {
  const m = /^\[?([^\]\s]+?)\]?:(\d{1,5})$/.exec(text.trim());
  if (!m) throw new TangoNameError(`invalid ${what} ${JSON.stringify(text)} (expected host:port)`);
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw new TangoNameError(`invalid port in ${what} ${JSON.stringify(text)}`);
  return { host: m[1]!, port };
}

/**
 * Parses `domain/family/member[/attr]`, `tango://host:port/domain/family/member[/attr]` and the `#dbase=no` suffix.
 * `attribute` says whether a fourth part is expected (`'required'`), allowed or refused.
 */
export function parseTangoName(name: string, attribute: 'required' | 'optional' | 'none' = 'optional'): TangoName {
  let rest = name.trim();
  let nodb = false;
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    const suffix = rest.slice(hash + 1).toLowerCase();
    if (suffix !== 'dbase=no' && suffix !== 'dbase=yes') throw new TangoNameError(`unknown name suffix #${suffix} in ${JSON.stringify(name)}`);
    nodb = suffix === 'dbase=no';
    rest = rest.slice(0, hash);
  }
  let host: HostPort | undefined;
  const m = /^tango:\/\/([^/]+)\/(.*)$/i.exec(rest);
  if (m) {
    host = parseHostPort(m[1]!, 'host in name');
    rest = m[2]!;
  } else if (nodb) {
    throw new TangoNameError(`#dbase=no needs a fully qualified name tango://host:port/...: ${JSON.stringify(name)}`);
  }
  const parts = rest.split('/');
  if ((parts.length !== 3 && parts.length !== 4) || !parts.every((p) => PART.test(p))) {
    throw new TangoNameError(`invalid Tango name ${JSON.stringify(name)} (expected domain/family/member${attribute === 'none' ? '' : '[/attribute]'})`);
  }
  if (parts.length === 4 && attribute === 'none') throw new TangoNameError(`expected a device name, got an attribute name: ${JSON.stringify(name)}`);
  if (parts.length === 3 && attribute === 'required') throw new TangoNameError(`expected an attribute name domain/family/member/attribute: ${JSON.stringify(name)}`);
  const device = parts.slice(0, 3).join('/').toLowerCase();
  return { device, attribute: parts[3], host, nodb };
}

/** `host:port[,host:port...]` (redundant databases, tried in order). */
export function parseTangoHost(value: string): HostPort[] {
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => parseHostPort(s, 'TANGO_HOST entry'));
  if (!list.length) throw new TangoNameError('TANGO_HOST is empty');
  return list;
}

function fromRcFile(path: string): string | undefined {
  try {
    const text = readFileSync(path, 'latin1');
    for (const line of text.split(/\r?\n/)) {
      const m = /^\s*TANGO_HOST\s*=\s*(\S+)\s*$/.exec(line);
      if (m) return m[1];
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * TANGO_HOST as cppTango finds it: the environment, then `~/.tangorc`, then `/etc/tangorc` (T-NAME-1).
 * Returns undefined when none is set.
 */
export function resolveTangoHost(env: NodeJS.ProcessEnv = process.env, files: string[] = [join(homedir(), '.tangorc'), '/etc/tangorc']): HostPort[] | undefined {
  const value = env.TANGO_HOST ?? files.map(fromRcFile).find((v) => v !== undefined);
  return value ? parseTangoHost(value) : undefined;
}

/** The canonical fully qualified form, e.g. `tango://127.0.0.1:10000/sys/tg_test/1` (+ `#dbase=no`). */
export function formatTangoName(n: TangoName): string {
  const base = n.attribute ? `${n.device}/${n.attribute}` : n.device;
  if (!n.host) return base;
  return `tango://${n.host.host}:${n.host.port}/${base}${n.nodb ? '#dbase=no' : ''}`;
}
