import { describe, test } from 'vitest';
import { checkLine } from './check-line.js';
import type { WithEndpoint } from './endpoints.js';
import { greeted } from './greeted.js';
import type { ResolvedOptions } from './options.js';
import { runsInCodeMode, type ConformanceGroup, type ConformanceVector } from './vectors.js';

async function runVector(vector: ConformanceVector, host: string, port: number, options: ResolvedOptions): Promise<void> {
  await using conn = await greeted(host, port, options);
  for (const step of vector.steps) {
    await conn.write(step.send);
    for (const expectation of step.expect) checkLine(await conn.readLine(options.timeoutMs), expectation, options);
  }
  // Nothing unsolicited may follow: a final round trip (answered the same by every handler) proves no extra line was queued.
  await conn.write('?x,\r\n');
  checkLine(await conn.readLine(options.timeoutMs), '!undefined,invalid,syntax error: invalid syntax', options);
}

/** One `describe(group)` of table rows, each a request → exact reply exchange on its own greeted connection. */
export function describeVectorRows(group: ConformanceGroup, rows: readonly ConformanceVector[], options: ResolvedOptions, withEndpoint: WithEndpoint): void {
  describe(group, () => {
    const run = rows.filter((v) => options.texts !== 'code' || runsInCodeMode(v));
    const skipped = rows.filter((v) => !run.includes(v));
    if (run.length > 0) {
      test.each(run.map((v) => [`D-BACKEND-ROW-${v.row}: ${v.title}`, v] as const))('%s', async (_name, vector) => {
        await withEndpoint((host, port) => runVector(vector, host, port, options));
      }, options.timeoutMs);
    }
    // Listed as skipped, so a reference-compatible run shows what it left out.
    for (const v of skipped) test.skip(`D-BACKEND-ROW-${v.row}: ${v.title} (ours only: ${v.oursOnly})`, () => {});
  });
}
