import type { HostAllowList } from '@observatory/core';
import { OetError } from '../errors.js';

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

/** Throws `HostNotAllowedError` (421) unless `hosts` allows this `Host` header. */
export function checkHost(hosts: HostAllowList, header: string | undefined): void {
  if (!hosts.allows(header)) throw new HostNotAllowedError(header ?? '');
}
