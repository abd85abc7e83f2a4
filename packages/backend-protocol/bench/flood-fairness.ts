/**
 * Flood fairness of the backend server (issue 13, item 13): while one connection floods the server with random
 * bytes (CRLF-framed fuzz) or pipelined `?status`, a control client sends `?status` one at a time, 1 ms apart,
 * and we time its round trips. Server and flooder run in child processes. Baseline in the same run: the control
 * client alone. Target: control p99 < 50 ms during the flood.
 *
 *   npm run bench -- backend-protocol/bench/flood
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
/** The repository's flooding client (tools/bench), shared with the simulators' flood benchmark. */
const FLOOD_CHILD = fileURLToPath(new URL('../../../tools/bench/tcp-flood-child.ts', import.meta.url));
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 4000);

function child(args: string[]) {
  return spawn(process.execPath, ['--conditions=@observatory/source', '--import', 'tsx', ...args], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/** Collects a child's stdout; `line(n)` resolves with its n-th line once written. */
function output(proc: ReturnType<typeof child>) {
  let out = '';
  proc.stdout.setEncoding('utf8');
  proc.stdout.on('data', (chunk: string) => {
    out += chunk;
  });
  return {
    text: () => out,
    async line(n = 0): Promise<string> {
      while (out.split('\n').length <= n + 1) {
        if (proc.exitCode !== null) throw new Error('child exited early');
        await once(proc.stdout, 'data');
      }
      return out.split('\n')[n]!;
    },
  };
}

async function stopChild(proc: ReturnType<typeof child>): Promise<void> {
  if (proc.exitCode !== null) return;
  proc.kill('SIGTERM');
  await once(proc, 'exit');
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** Round trips of `?status` on a fresh connection until `stop`, one in flight, 1 ms apart. */
async function control(port: number, stop: Promise<void>): Promise<number[]> {
  const socket = connect({ port, host: '127.0.0.1', noDelay: true });
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  const latencies: number[] = [];
  let stopped = false;
  void stop.then(() => {
    stopped = true;
  });
  let greeted = false;
  let t0 = 0;
  let pending = '';
  const fire = () => {
    if (stopped) return;
    t0 = performance.now();
    socket.write('?status\r\n');
  };
  socket.on('data', (chunk: Buffer) => {
    pending += chunk.toString('latin1');
    let at: number;
    while ((at = pending.indexOf('\r\n')) >= 0) {
      pending = pending.slice(at + 2);
      if (!greeted) {
        greeted = true;
        fire();
        continue;
      }
      latencies.push(performance.now() - t0);
      setTimeout(fire, 1);
    }
  });
  await stop;
  socket.destroy();
  return latencies;
}

async function phase(port: number, kind?: 'fuzz' | 'status'): Promise<{ latencies: number[]; floodBytes: number }> {
  const flooder = kind ? child([FLOOD_CHILD, kind === 'fuzz' ? 'fuzz-crlf' : 'status', String(port)]) : undefined;
  const out = flooder ? output(flooder) : undefined;
  await out?.line(0);
  const stop = new Promise<void>((resolve) => setTimeout(resolve, PHASE_MS));
  const latencies = await control(port, stop);
  if (flooder) await stopChild(flooder);
  return { latencies, floodBytes: Number(out?.text().split('\n')[1] ?? 0) };
}

function report(name: string, r: { latencies: number[]; floodBytes: number }, base?: number[]): void {
  const p99 = quantile(r.latencies, 0.99);
  const parts = [
    name.padEnd(24),
    `control n ${String(r.latencies.length).padStart(5)}`,
    `p50 ${quantile(r.latencies, 0.5).toFixed(2)} ms`,
    `p99 ${p99.toFixed(2)} ms`,
    `max ${Math.max(...r.latencies).toFixed(2)} ms`,
  ];
  if (r.floodBytes) parts.push(`flood ${(r.floodBytes / 1024 / 1024 / (PHASE_MS / 1000)).toFixed(1)} MiB/s`);
  if (base) parts.push(`p99 / baseline ${(p99 / quantile(base, 0.99)).toFixed(2)}`, `target p99 < 50 ms: ${p99 < 50 ? 'met' : 'NOT met'}`);
  console.log(parts.join('  '));
}

for (const variant of ['backend', 'backend-unbounded'] as const) {
  const server = child(['bench/server-child.ts', variant]);
  try {
    const port = Number(/port (\d+)/.exec(await output(server).line(0))?.[1]);
    console.log(variant === 'backend' ? 'server with the per-turn budget (default):' : 'same server, budget disabled (the behaviour before issue 13):');
    await phase(port); // warm-up
    const base = await phase(port);
    report('  baseline (no flood)', base);
    report('  random bytes with CRLF', await phase(port, 'fuzz'), base.latencies);
    report('  pipelined ?status', await phase(port, 'status'), base.latencies);
  } finally {
    await stopChild(server);
  }
}
