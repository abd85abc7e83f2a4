// What a SUT delivers for one attribute. Its own module (no imports) so the wait records and errors can
// name it without depending on the EntryPoint contract.

/** One attribute value as a subscription (or a poll) delivered it. */
export interface AttrEvent {
  device: string;
  attr: string;
  value: unknown;
  /** Epoch ms on the SUT's clock. */
  time: number;
  seq: number;
  /** The first event of a subscription: the value at the time of subscribing. */
  initial?: boolean;
  /** The SUT reported an error reading the attribute. */
  error?: string;
  /** The SUT reports that the command a wait surrounds failed (a long-running command's result): an unmet wait stops with it. */
  failure?: Error;
}

export interface AttrReading {
  value: unknown;
  seq: number;
  time: number;
}
