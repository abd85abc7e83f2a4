import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { defineDeviceClass } from '../../src/server/device-class.js';

export const PYTHON = '/usr/bin/python3';
export const TANGO_TEST_BIN = '/usr/lib/tango/TangoTest';

/** PyTango importable by /usr/bin/python3 (Debian python3-tango). */
export const hasPyTango = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import tango'], { stdio: 'ignore', timeout: 20_000 }).status === 0;
export const hasTangoTest = existsSync(TANGO_TEST_BIN);
export const hasTangoAdmin = existsSync('/usr/bin/tango_admin');

export function scriptPath(name: string): string {
  return fileURLToPath(new URL(`./${name}`, import.meta.url));
}

/** A device that pushes user and change events from code (no polling needed). */
export const EventDeviceClass = defineDeviceClass<{ n: number }>({
  name: 'EventDevice',
  initialState: 'ON',
  create: () => ({ n: 0 }),
  attributes: [{ name: 'counter', type: 'DevLong', pushChangeEvents: true, read: (s) => s.n }],
  commands: [
    {
      name: 'Ready',
      in: 'DevLong',
      run: (_s, n, ctx) => ctx.pushDataReady('counter', n as number),
    },
    {
      name: 'Bump',
      out: 'DevLong',
      run: async (s, _a, ctx) => {
        s.n++;
        await ctx.pushEvent('counter', 'user_event', s.n);
        await ctx.pushEvent('counter', 'change');
        return s.n;
      },
    },
  ],
});

export interface JsonLines {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  /** Resolves with the first line satisfying `pred` (rejects when the process exits first or on timeout). */
  waitFor(pred: (line: Record<string, unknown>) => boolean, timeoutMs: number): Promise<Record<string, unknown>>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stderr(): string;
  kill(): void;
}

/** Runs a Python helper that prints JSON lines; the caller kills it by PID in cleanup. */
export function runPython(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): JsonLines {
  const child = spawn(PYTHON, ['-X', 'faulthandler', scriptPath(script), ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<{ pred: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }> = [];
  let err = '';
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString();
    if (err.length > 200_000) err = err.slice(-100_000);
  });
  createInterface({ input: child.stdout }).on('line', (text) => {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      parsed = { raw: text };
    }
    lines.push(parsed);
    for (const w of [...waiters]) {
      if (w.pred(parsed)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(parsed);
      }
    }
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      if (signal) err += `\n[killed by ${signal}]`;
      resolve(code);
    }),
  );
  return {
    child,
    lines,
    exited,
    stderr: () => err,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null && child.pid) child.kill('SIGKILL');
    },
    waitFor(pred, timeoutMs) {
      const found = lines.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`python helper: no matching line within ${timeoutMs} ms; stderr: ${err.slice(-2000)}`)), timeoutMs);
        const w = {
          pred,
          resolve: (l: Record<string, unknown>) => {
            clearTimeout(timer);
            resolve(l);
          },
        };
        waiters.push(w);
        void exited.then((code) => {
          if (waiters.includes(w)) {
            clearTimeout(timer);
            reject(new Error(`python helper exited (${code}) before a matching line; stderr: ${err.slice(-3000)}`));
          }
        });
      });
    },
  };
}

/** The `value` of each `{check, value}` line, by check name. */
export function checks(lines: ReadonlyArray<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const l of lines) if (typeof l.check === 'string') out[l.check] = l.value;
  return out;
}
