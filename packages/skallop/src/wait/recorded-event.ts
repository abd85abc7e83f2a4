import type { AttrEvent } from '../sut/attr-event.js';

/** An event as a wait recorded it: arrival order and flags (`i` initial, `!` matched, `E` error). */
export interface RecordedEvent extends AttrEvent {
  /** Arrival order within the wait. */
  index: number;
  /** The wait's clock when the event arrived. */
  receivedAt: number;
  flags: Set<'i' | '!' | 'E'>;
}
