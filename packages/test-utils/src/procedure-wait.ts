import { waitFor } from './wait-for.js';

/** The part of an OET procedure summary these waits read (the REST API's and the CLI's `--json` shape). */
export interface HasState {
  state: string;
}

export interface StateWaitOptions {
  /** Deadline (default 10 000 ms). */
  timeoutMs?: number;
  /** Pause between reads (default 20 ms). */
  intervalMs?: number;
}

/**
 * Reads a procedure with `read` until its `state` is one of `states` and resolves with that reading. `read` may
 * return undefined (not there yet) or throw (counted as "not yet"); the timeout error names the last state seen.
 */
export async function waitForState<T extends HasState>(
  read: () => Promise<T | undefined>,
  states: readonly string[],
  options: StateWaitOptions & { what?: string } = {},
): Promise<T> {
  let last: T | undefined;
  try {
    return await waitFor(
      async () => {
        last = await read();
        return last && states.includes(last.state) ? last : undefined;
      },
      { timeoutMs: options.timeoutMs ?? 10_000, intervalMs: options.intervalMs ?? 20, what: `${options.what ?? 'procedure'} to reach ${states.join('/')}` },
    );
  } catch (err) {
    if (err instanceof Error && last) err.message += ` (last state ${last.state}: ${JSON.stringify(last).slice(0, 500)})`;
    throw err;
  }
}

/** Polls `GET {baseUrl}/procedures/{id}` of an OET REST server until the procedure reaches one of `states`. */
export function waitForProcedureState<T extends HasState = HasState & Record<string, unknown>>(
  baseUrl: string,
  id: number,
  states: readonly string[],
  options: StateWaitOptions = {},
): Promise<T> {
  const url = `${baseUrl.replace(/\/$/, '')}/procedures/${id}`;
  return waitForState<T>(
    async () => {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (res.status !== 200) {
        await res.body?.cancel();
        return undefined;
      }
      return (await res.json()) as T;
    },
    states,
    { ...options, what: `procedure ${id}` },
  );
}
