import { expect } from 'vitest';
import type { TcpTestClient } from '@observatory/test-utils';

/** A request and its exact reply; `null` = nothing may be sent back (checked by the next step's exact read). */
export type Step = readonly [request: string, reply: string | null];

/** Runs steps on one connection; end a sequence with a replying step so a trailing `null` is checked too. */
export async function runSteps(client: TcpTestClient, steps: readonly Step[]): Promise<void> {
  for (const [request, reply] of steps) {
    client.send(request);
    if (reply === null) continue;
    const got = (await client.read(Buffer.byteLength(reply, 'latin1'))).toString('latin1');
    expect(got, `reply to ${JSON.stringify(request)}`).toBe(reply);
  }
}
