import type { Readable } from 'node:stream';
import type { Logger } from '@observatory/core';
import { LineSplitter } from './line-splitter.js';

export interface OutputLimits {
  /** Longest logged line; longer ones are cut into pieces (default 16 KiB). */
  maxLineBytes: number;
  /** Bytes logged per stream per window; beyond, lines are dropped and counted (default 1 MiB). */
  budgetBytes: number;
  /** Length of a budget window (default 1000 ms). */
  windowMs: number;
}

export const DEFAULT_OUTPUT_LIMITS: OutputLimits = { maxLineBytes: 16 * 1024, budgetBytes: 1024 * 1024, windowMs: 1000 };

/**
 * Logs a child's stdout (info) and stderr (warn) line by line, bounded: lines are cut at
 * `maxLineBytes`, and a stream logging more than `budgetBytes` in a window has the excess dropped,
 * with one line saying how much. Resolves once both streams have ended.
 */
export function logChildOutput(
  streams: { stdout: Readable | null; stderr: Readable | null },
  log: Logger,
  limits: OutputLimits = DEFAULT_OUTPUT_LIMITS,
  now: () => number = Date.now,
): Promise<void> {
  const ended: Array<Promise<void>> = [];
  for (const [stream, name, level] of [
    [streams.stdout, 'stdout', 'info'],
    [streams.stderr, 'stderr', 'warn'],
  ] as const) {
    if (!stream) continue;
    let windowStart = now();
    let used = 0;
    let dropped = 0;
    let droppedBytes = 0;
    const reportDropped = () => {
      if (dropped > 0) log.warn({ stream: name, dropped, droppedBytes }, `dropped ${dropped} ${name} lines over the output budget`);
      dropped = 0;
      droppedBytes = 0;
    };
    const splitter = new LineSplitter(limits.maxLineBytes, (line, cut) => {
      const t = now();
      if (t - windowStart >= limits.windowMs) {
        reportDropped();
        windowStart = t;
        used = 0;
      }
      const bytes = Buffer.byteLength(line);
      if (used + bytes > limits.budgetBytes) {
        dropped++;
        droppedBytes += bytes;
        return;
      }
      used += bytes;
      log[level](cut ? { stream: name, cut: true } : { stream: name }, line);
    });
    stream.on('data', (chunk: Buffer) => splitter.push(chunk));
    ended.push(
      new Promise<void>((resolve) => {
        const finish = () => {
          splitter.end();
          reportDropped();
          resolve();
        };
        stream.once('end', finish);
        stream.once('error', finish);
        stream.once('close', finish);
      }),
    );
  }
  return Promise.all(ended).then(() => undefined);
}
