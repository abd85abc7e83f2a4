import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, componentLogger, loadIniConfig, parseBoolean } from '@observatory/core';
import type { Logger } from '@observatory/core';
import type { TelescopeType } from './telescope-type.js';
import { resolveTelescopeType } from './telescope-type.js';

/** Device groups a readiness check looks at. */
export type ReadinessScopeItem = 'tm' | 'csp' | 'sdp' | 'dishes' | 'mccs';

/** Worker-level options, usually given through vitest's `provide: { skallopOptions: {...} }`. */
export interface SkallopOptions {
  telescope?: TelescopeType;
  /** Keep the telescope ON across tests (default: true unless `DISABLE_MAINTAIN_ON` is truthy). */
  maintainOn?: boolean;
  /**
   * Base URL of a telescope simulator HTTP API, or `tango://host:port` (a Tango database: the SUT is reached
   * over Tango); unset: `SKALLOP_SUT=tango` with TANGO_HOST selects Tango, otherwise an in-process simulator.
   */
  sutUrl?: string;
  /** Read by event subscription (true) or by polling (false); default from `OET_READ_VIA_PUBSUB` / `oet.ini`. */
  readViaPubsub?: boolean;
  /** Recover a dirty SUT before a fixture sets up (default 'auto'). */
  recovery?: 'auto' | 'off';
  readinessScope?: ReadinessScopeItem[];
  /** Default `timeoutMs` of every test's `execSettings`. */
  timeoutMs?: number;
}

/** The resolved execution environment shared by a worker's fixtures. */
export interface ExecEnv {
  telescope: TelescopeType;
  maintainOn: boolean;
  sutUrl: string | undefined;
  /** `host:port` of the Tango database when the SUT is reached over Tango (`SKALLOP_SUT=tango` or a `tango://` URL). */
  tangoHost?: string;
  readViaPubsub: boolean;
  recovery: 'auto' | 'off';
  readinessScope: ReadinessScopeItem[];
  timeoutMs: number;
  /** Where the read mode came from: 'option', 'OET_READ_VIA_PUBSUB', an oet.ini path, or 'default'. */
  readViaPubsubSource: string;
  warnings: string[];
}

export interface ResolveExecEnvOptions {
  env?: NodeJS.ProcessEnv;
  /** oet.ini candidates in OET's order; default `OET_CONFIG`, `~/oet.ini`, `<cwd>/apps/oet-rest/oet.ini`. */
  oetIniCandidates?: Array<string | { path: string; required?: boolean } | undefined>;
  logger?: Logger;
}

/** `DISABLE_MAINTAIN_ON`: true|1|yes|on, or false|0|no|off|'' (unset counts as false). */
export function readDisableMaintainOn(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env.DISABLE_MAINTAIN_ON;
  if (raw === undefined || raw.trim() === '') return false;
  return parseBoolean(raw, 'DISABLE_MAINTAIN_ON');
}

function defaultIniCandidates(env: NodeJS.ProcessEnv): ResolveExecEnvOptions['oetIniCandidates'] {
  return [
    env.OET_CONFIG ? { path: env.OET_CONFIG, required: true } : undefined,
    join(homedir(), 'oet.ini'),
    join(process.cwd(), 'apps', 'oet-rest', 'oet.ini'),
  ];
}

async function resolveReadMode(
  option: boolean | undefined,
  env: NodeJS.ProcessEnv,
  candidates: ResolveExecEnvOptions['oetIniCandidates'],
): Promise<{ value: boolean; source: string }> {
  if (option !== undefined) return { value: option, source: 'option' };
  const raw = env.OET_READ_VIA_PUBSUB;
  if (raw !== undefined && raw.trim() !== '') return { value: parseBoolean(raw, 'OET_READ_VIA_PUBSUB'), source: 'OET_READ_VIA_PUBSUB' };
  const ini = await loadIniConfig(candidates ?? []);
  const fromIni = ini.data.tango?.read_via_pubsub;
  if (ini.path && fromIni !== undefined) {
    return { value: parseBoolean(fromIni, `${ini.path} [tango] read_via_pubsub`), source: ini.path };
  }
  return { value: false, source: 'default' };
}

/** The Tango database of a Tango SUT: a `tango://host:port` URL, or `SKALLOP_SUT=tango` with TANGO_HOST. */
function resolveTangoSut(sutUrl: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (sutUrl?.startsWith('tango://')) {
    const m = /^tango:\/\/([^/:]+:\d+)\/?$/.exec(sutUrl);
    if (!m) throw new ConfigError(`SKALLOP_SUT_URL ${sutUrl} must be tango://host:port (the Tango database)`);
    return m[1];
  }
  const sut = env.SKALLOP_SUT?.trim().toLowerCase();
  if (!sut || sut === 'simulator' || sut === 'http') return undefined;
  if (sut !== 'tango') throw new ConfigError(`SKALLOP_SUT must be 'tango', 'http' or 'simulator', got '${env.SKALLOP_SUT}'`);
  const host = env.TANGO_HOST?.trim();
  if (!host) throw new ConfigError('SKALLOP_SUT=tango needs TANGO_HOST=host:port (the Tango database)');
  return host;
}

/** Resolves `skallopOptions` plus the environment into an `ExecEnv`; invalid values throw `ConfigError`. */
export async function resolveExecEnv(options: SkallopOptions = {}, resolve: ResolveExecEnvOptions = {}): Promise<ExecEnv> {
  const env = resolve.env ?? process.env;
  const log = componentLogger(resolve.logger, 'skallop-env');
  const telescope = resolveTelescopeType(options.telescope, env);
  const warnings: string[] = [];
  if (telescope.warning) {
    warnings.push(telescope.warning);
    log.warn(telescope.warning);
  }
  const maintainOn = options.maintainOn ?? !readDisableMaintainOn(env);
  const sutUrl = options.sutUrl ?? (env.SKALLOP_SUT_URL?.trim() || undefined);
  const tangoHost = resolveTangoSut(sutUrl, env);
  const readMode = await resolveReadMode(options.readViaPubsub, env, resolve.oetIniCandidates ?? defaultIniCandidates(env));
  const recovery = options.recovery ?? 'auto';
  if (recovery !== 'auto' && recovery !== 'off') throw new ConfigError(`skallopOptions.recovery must be 'auto' or 'off', got '${String(recovery)}'`);
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    telescope: telescope.telescope,
    maintainOn,
    sutUrl: tangoHost ? undefined : sutUrl,
    ...(tangoHost ? { tangoHost } : {}),
    readViaPubsub: readMode.value,
    readViaPubsubSource: readMode.source,
    recovery,
    readinessScope: options.readinessScope ?? ['tm', 'csp', 'sdp', telescope.telescope === 'mid' ? 'dishes' : 'mccs'],
    timeoutMs,
    warnings,
  };
}
