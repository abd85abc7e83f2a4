import { ObservatoryError, type Logger } from '@observatory/core';

/** Binding to a non-loopback address without authentication, and without saying so on purpose. */
export class InsecureBindError extends ObservatoryError {
  constructor(readonly host: string) {
    super(
      'OET_INSECURE_BIND',
      `Refusing to listen on ${host} without authentication: anyone who can reach it could run code on this host. ` +
        'Use --auth jwt, bind 127.0.0.1, or pass --insecure-no-auth if a proxy in front authenticates every request.',
    );
  }
}

/** `localhost`, 127.0.0.0/8 and ::1 (bracketed or not). */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/**
 * A server reachable from the network runs scripts for whoever reaches it, so without authentication
 * it starts only when told to (`insecureNoAuth`), and then warns at every start.
 */
export function checkBindPolicy(host: string, authenticated: boolean, insecureNoAuth: boolean, log: Logger): void {
  if (authenticated || isLoopbackHost(host)) return;
  if (!insecureNoAuth) throw new InsecureBindError(host);
  log.warn({ host }, 'listening on a non-loopback address WITHOUT authentication (--insecure-no-auth): anyone who reaches it can run code');
}
