/** Names every local server answers to: a browser on this machine uses one of them. */
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARDS = new Set(['0.0.0.0', '[::]', '::', '']);

/**
 * The host part of a `Host` header, lower case and without the port (`[::1]:80` -> `[::1]`,
 * `LocalHost:5000` -> `localhost`).
 */
export function hostHeaderName(header: string): string {
  const value = header.trim().toLowerCase();
  if (value.startsWith('[')) {
    const close = value.indexOf(']');
    return close < 0 ? value : value.slice(0, close + 1);
  }
  // Only the last `:port` is cut: a value with more colons keeps them and so matches no allowed name.
  const colon = value.lastIndexOf(':');
  return colon < 0 ? value : value.slice(0, colon);
}

function normalise(name: string): string {
  const lower = name.trim().toLowerCase();
  // A bare IPv6 address appears bracketed in a Host header.
  return lower.includes(':') && !lower.startsWith('[') ? `[${lower}]` : lower;
}

/**
 * The `Host` names an HTTP server accepts, against DNS rebinding (a web page whose name resolves to
 * 127.0.0.1 must not reach a local server): the loopback names, the bind address unless it is a
 * wildcard, and configured extras. `*` among the extras accepts any host (only behind a proxy that checks it).
 */
export class HostAllowList {
  readonly names: ReadonlySet<string>;
  readonly acceptsAny: boolean;

  constructor(bindHost: string, extraNames: readonly string[] = []) {
    const names = new Set(LOOPBACK);
    const bind = normalise(bindHost);
    if (!WILDCARDS.has(bind)) names.add(bind);
    let any = false;
    for (const extra of extraNames) {
      if (extra.trim() === '*') any = true;
      else if (extra.trim() !== '') names.add(normalise(extra));
    }
    this.names = names;
    this.acceptsAny = any;
  }

  /** True when a request with this `Host` header may be served. A missing header is refused. */
  allows(header: string | undefined): boolean {
    if (this.acceptsAny) return true;
    return header !== undefined && this.names.has(hostHeaderName(header));
  }
}
