import { ObservatoryError } from '@observatory/core';
import { DevFailedError, MultiDevFailedError, type DevError, type NamedDevError } from '../errors/tango-errors.js';

/**
 * Thrown by device code (or by the server itself) to answer a call with `DevFailed`: the same class a
 * client catches, with a short constructor. Any other error a device method throws becomes a DevFailed
 * with reason `API_DeviceError` (or the typed error's code), so clients always get reason/desc/origin.
 */
export class DeviceError extends DevFailedError {
  constructor(reason: string, desc: string, origin = '', options?: ErrorOptions & { severity?: DevError['severity']; stack?: DevError[] }) {
    super([{ reason, severity: options?.severity ?? 'ERR', desc, origin }, ...(options?.stack ?? [])], options);
  }
}

/** Per-attribute failures of a write, answered with `MultiDevFailed`. */
export function multiDeviceError(failures: NamedDevError[]): MultiDevFailedError {
  return new MultiDevFailedError(failures);
}

/** Turns whatever a device method threw into a DevFailed error stack. */
export function toDevErrors(err: unknown, origin: string): DevError[] {
  if (err instanceof DevFailedError || err instanceof MultiDevFailedError) {
    if (err.errors.length > 0) return err.errors;
  }
  const withErrors = err as { errors?: unknown } | null;
  if (withErrors && Array.isArray(withErrors.errors) && withErrors.errors.length > 0 && withErrors.errors.every((e) => typeof (e as DevError)?.reason === 'string')) {
    return (withErrors.errors as DevError[]).map((e) => ({ reason: e.reason, severity: e.severity ?? 'ERR', desc: String(e.desc ?? ''), origin: String(e.origin ?? '') }));
  }
  const message = err instanceof Error ? err.message : String(err);
  const reason = err instanceof ObservatoryError ? err.code : 'API_DeviceError';
  return [{ reason, severity: 'ERR', desc: message, origin }];
}
