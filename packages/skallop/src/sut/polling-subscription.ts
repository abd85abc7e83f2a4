import type { TimeoutClock } from '@observatory/core';
import type { AttrEvent, AttrReading } from './attr-event.js';

export interface PollingOptions {
  clock: TimeoutClock;
  intervalMs: number;
}

/**
 * A subscription made of reads: the first read is the initial event; afterwards every poll whose `seq`
 * advanced is delivered as a change (even when the value came back to the same one, e.g. READY-SCANNING-READY).
 */
export async function pollingSubscribe(
  read: (device: string, attr: string) => Promise<AttrReading>,
  device: string,
  attr: string,
  cb: (e: AttrEvent) => void,
  { clock, intervalMs }: PollingOptions,
): Promise<() => void> {
  let stopped = false;
  let timer: unknown;
  const first = await read(device, attr);
  let lastSeq = first.seq;
  let lastValue = first.value;
  cb({ device, attr, value: first.value, seq: first.seq, time: first.time, initial: true });
  const poll = async (): Promise<void> => {
    try {
      const r = await read(device, attr);
      if (!stopped && r.seq !== lastSeq) {
        lastSeq = r.seq;
        lastValue = r.value;
        cb({ device, attr, value: r.value, seq: r.seq, time: r.time });
      }
    } catch (err) {
      if (!stopped) cb({ device, attr, value: lastValue, seq: lastSeq, time: clock.now(), error: err instanceof Error ? err.message : String(err) });
    }
    if (!stopped) timer = clock.setTimeout(() => void poll(), intervalMs);
  };
  timer = clock.setTimeout(() => void poll(), intervalMs);
  return () => {
    stopped = true;
    clock.clearTimeout(timer);
  };
}
