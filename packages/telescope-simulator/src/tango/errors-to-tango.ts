import { DeviceError } from '@observatory/tango';
import { CommandNotAllowedError, InvalidArgumentError, TelsimError } from '../errors.js';
import { OBS_STATE_MACHINE, type SubarrayCommand } from '../model/obs-state.js';

/**
 * A simulator error as the DevFailed a Tango client gets: the reason is the stable TELSIM_ code (so clients
 * can branch on it, and skallop maps it back to its typed error), the description says what to do.
 */
export function toDeviceError(err: unknown, origin: string): unknown {
  if (!(err instanceof TelsimError)) return err;
  let desc = err.message;
  if (err instanceof CommandNotAllowedError) {
    const row = (OBS_STATE_MACHINE as Record<string, { allowedFrom: readonly string[] } | undefined>)[err.command as SubarrayCommand];
    desc += row ? `; ${err.command} is allowed from obsState ${row.allowedFrom.join(', ')}` : '';
    desc += err.command === 'TelescopeOff' || err.command === 'TelescopeStandby' ? '; release every subarray first' : '';
    desc += /telescope is (STANDBY|OFF)/.test(err.message) ? '; switch the telescope on first (TelescopeOn on the central node)' : '';
  } else if (err instanceof InvalidArgumentError) {
    desc += '; check the JSON argument against the SKA schema';
  }
  return new DeviceError(err.code, desc, origin);
}
