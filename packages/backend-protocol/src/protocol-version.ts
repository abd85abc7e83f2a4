import { UnsupportedProtocolVersionError } from './errors.js';

/** Protocol versions one server can play (`D-BACKEND-8`). */
export const PROTOCOL_VERSIONS = ['1.2', '1.3', '1.4'] as const;
export type ProtocolVersion = (typeof PROTOCOL_VERSIONS)[number];
export const DEFAULT_PROTOCOL_VERSION: ProtocolVersion = '1.4';

export function isProtocolVersion(value: unknown): value is ProtocolVersion {
  return typeof value === 'string' && (PROTOCOL_VERSIONS as readonly string[]).includes(value);
}

/** Validates a version option; throws `UnsupportedProtocolVersionError`. */
export function toProtocolVersion(value: string | undefined): ProtocolVersion {
  const version = value ?? DEFAULT_PROTOCOL_VERSION;
  if (!isProtocolVersion(version)) throw new UnsupportedProtocolVersionError(version);
  return version;
}

/** Numeric comparison of two `major.minor` versions. */
export function versionAtLeast(version: string, minimum: string): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number);
  const [c = 0, d = 0] = minimum.split('.').map(Number);
  return a !== c ? a > c : b >= d;
}
