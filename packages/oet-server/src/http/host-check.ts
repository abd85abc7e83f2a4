import { OetError } from '../errors.js';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** A request whose `Host` names none of the allowed hosts (DNS rebinding, a misrouted proxy). */
export class HostNotAllowedError extends OetError {
  constructor(readonly host: string) {
    super(
      'OET_HOST_NOT_ALLOWED',
      421,
      `Host '${host.slice(0, 256)}' is not allowed; allow it with --allowed-host or OET_ALLOWED_HOSTS`,
    );
  }
}

/** The name part of a `Host` header value, lower case: `[::1]:5000` -> `[::1]`, `Example:80` -> `example`. */
export function hostName(header: string): string {
  const value = header.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end === -1 ? value : value.slice(0, end + 1);
  }
  const colon = value.lastIndexOf(':');
  return colon === -1 ? value : value.slice(0, colon);
}

/** Bracketed for IPv6, as it appears in a `Host` header. */
function asHostName(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.includes(':') && !lower.startsWith('[') ? `[${lower}]` : lower;
}

const WILDCARD_BINDS = new Set(['0.0.0.0', '[::]', '']);

/**
 * Which `Host` names the server answers: the loopback names, the bind address (unless a wildcard) and
 * the configured extras. `*` among the extras allows any host (only behind a proxy that checks it).
 */
export class HostAllowList {
  private readonly names: Set<string>;
  readonly any: boolean;

  constructor(bindHost: string, extra: readonly string[] = []) {
    this.any = extra.includes('*');
    this.names = new Set(LOOPBACK_NAMES);
    const bind = asHostName(bindHost);
    if (!WILDCARD_BINDS.has(bind)) this.names.add(bind);
    for (const name of extra) if (name !== '*' && name.trim() !== '') this.names.add(asHostName(name));
  }

  /** Throws `HostNotAllowedError` unless the header names an allowed host. */
  check(header: string | undefined): void {
    if (this.any) return;
    const name = hostName(header ?? '');
    if (!this.names.has(name)) throw new HostNotAllowedError(header ?? '');
  }

  get allowed(): string[] {
    return [...this.names];
  }
}
