import type { TelescopeType } from '../env/telescope-type.js';
import type { AttrEvent, AttrReading } from './attr-event.js';

/**
 * Device-level access to a TMC-style telescope: command, read, write, subscribe. The telescope simulator
 * (in process) and its HTTP client both provide it; so can a bridge to a real control system.
 */
export interface DeviceAccess {
  readonly telescope: TelescopeType;
  command(device: string, command: string, argin?: unknown): Promise<unknown>;
  read(device: string, attr: string): Promise<AttrReading>;
  write?(device: string, attr: string, value: unknown): Promise<void>;
  /** The first event is the current value; resolves to the unsubscribe function. */
  subscribe(device: string, attr: string, listener: (e: AttrEvent) => void): Promise<() => void>;
}
