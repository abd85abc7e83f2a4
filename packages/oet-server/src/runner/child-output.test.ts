import { PassThrough } from 'node:stream';
import { createLogger } from '@observatory/core';
import { describe, expect, it } from 'vitest';
import { logChildOutput } from './child-output.js';

function capture() {
  const records: Array<Record<string, unknown>> = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) records.push(JSON.parse(line) as Record<string, unknown>);
  });
  return { records, logger: createLogger({ level: 'info', stream: sink }) };
}

describe('logChildOutput', () => {
  it('drops lines beyond the byte budget of a window, reports how many, and logs again in the next window', async () => {
    const { records, logger } = capture();
    let now = 0;
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const ended = logChildOutput({ stdout, stderr }, logger, { maxLineBytes: 100, budgetBytes: 10, windowMs: 1000 }, () => now);
    stdout.write('aaaa\nbbbb\ncccc\ndddd\n'); // 16 bytes of lines: the third and fourth exceed the budget of 10
    now = 1000;
    stdout.write('eeee\n');
    stdout.end();
    stderr.end();
    await ended;
    await new Promise((resolve) => setImmediate(resolve));
    expect(records.map((r) => r.msg)).toEqual(['aaaa', 'bbbb', 'dropped 2 stdout lines over the output budget', 'eeee']);
    expect(records[2]).toMatchObject({ level: 40, stream: 'stdout', dropped: 2, droppedBytes: 8 });
  });
});
