// `?status` request/reply throughput and latency of the backend server vs a bare node:net echo server,
// both in child processes, driven from this process (closed loop, one request in flight per connection).
// Run: node --conditions=@observatory/source --import tsx bench/status-throughput.ts
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const TOTAL = Number(process.env.BENCH_REQUESTS ?? 20000);
const WARMUP = 2000;
/** Each figure is the median run of this many (the machine is shared and noisy). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** Reference figures of the spec (Python/Twisted, same kind of machine): req/s by connection count. */
const REFERENCE: Record<number, number> = { 1: 15000, 10: 45500, 50: 50000 };

async function startChild(kind: 'backend' | 'echo'): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--conditions=@observatory/source', '--import', 'tsx', 'bench/server-child.ts', kind], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  for await (const chunk of child.stdout) {
    out += chunk as string;
    const m = /port (\d+)/.exec(out);
    if (m) return { child, port: Number(m[1]) };
  }
  throw new Error(`${kind} server did not start`);
}

interface Conn {
  socket: Socket;
  pending: Buffer;
  onLine?: () => void;
}

async function open(port: number, greeting: boolean): Promise<Conn> {
  const socket = connect({ host: '127.0.0.1', port, noDelay: true });
  await once(socket, 'connect');
  const conn: Conn = { socket, pending: Buffer.alloc(0) };
  let skip = greeting;
  socket.on('data', (chunk: Buffer) => {
    conn.pending = conn.pending.length ? Buffer.concat([conn.pending, chunk]) : chunk;
    for (;;) {
      const at = conn.pending.indexOf('\r\n');
      if (at < 0) break;
      conn.pending = conn.pending.subarray(at + 2);
      if (skip) {
        skip = false;
        continue;
      }
      conn.onLine?.();
    }
  });
  if (greeting) await new Promise<void>((resolve) => setImmediate(resolve));
  return conn;
}

/** Closed loop: each connection sends one request, waits for its reply, repeats, until `total` replies. */
async function closedLoop(conns: Conn[], request: Buffer, total: number): Promise<{ rps: number; latencies: Float64Array }> {
  const latencies = new Float64Array(total);
  let sent = 0;
  let done = 0;
  const start = process.hrtime.bigint();
  await new Promise<void>((resolve) => {
    for (const conn of conns) {
      let t0 = 0n;
      const fire = () => {
        if (sent >= total) return;
        sent++;
        t0 = process.hrtime.bigint();
        conn.socket.write(request);
      };
      conn.onLine = () => {
        latencies[done++] = Number(process.hrtime.bigint() - t0) / 1e6;
        if (done === total) resolve();
        else fire();
      };
      fire();
    }
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { rps: total / seconds, latencies };
}

/** Pipelined: one connection, `depth` requests in flight. */
async function pipelined(conn: Conn, request: Buffer, total: number, depth: number): Promise<number> {
  let sent = 0;
  let done = 0;
  const start = process.hrtime.bigint();
  await new Promise<void>((resolve) => {
    const burst = (n: number) => {
      const k = Math.min(n, total - sent);
      if (k <= 0) return;
      sent += k;
      conn.socket.write(Buffer.concat(Array.from({ length: k }, () => request)));
    };
    conn.onLine = () => {
      done++;
      if (done === total) resolve();
      else if (sent - done < depth / 2) burst(depth - (sent - done));
    };
    burst(depth);
  });
  return total / (Number(process.hrtime.bigint() - start) / 1e9);
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Row {
  label: string;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

async function measure(port: number, greeting: boolean, connections: number, request: string, label: string): Promise<Row> {
  const conns = await Promise.all(Array.from({ length: connections }, () => open(port, greeting)));
  const bytes = Buffer.from(request, 'latin1');
  await closedLoop(conns, bytes, Math.min(WARMUP, TOTAL));
  const runs: Array<{ rps: number; latencies: Float64Array }> = [];
  for (let i = 0; i < ROUNDS; i++) runs.push(await closedLoop(conns, bytes, TOTAL));
  runs.sort((a, b) => a.rps - b.rps);
  const { rps, latencies } = runs[Math.floor(runs.length / 2)]!;
  for (const c of conns) c.socket.destroy();
  const sorted = latencies.sort();
  return { label, rps, p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted[sorted.length - 1]! };
}

function show(row: Row, extra = ''): void {
  const f = (n: number) => n.toFixed(3).padStart(7);
  console.log(
    `${row.label.padEnd(44)} ${Math.round(row.rps).toString().padStart(7)} req/s  p50 ${f(row.p50)} ms  p90 ${f(row.p90)} ms  p99 ${f(row.p99)} ms  max ${f(row.max)} ms${extra}`,
  );
}

const backend = await startChild('backend');
const echo = await startChild('echo');
try {
  console.log(`closed loop, ${TOTAL} requests per run (after ${WARMUP} warm-up), median of ${ROUNDS} runs, node ${process.version}\n`);
  for (const connections of [1, 10, 50]) {
    const b = await measure(backend.port, true, connections, '?status\r\n', `backend ?status, ${connections} conn`);
    const e = await measure(echo.port, false, connections, '?status\r\n', `echo    ?status, ${connections} conn`);
    show(b, `  x${(b.rps / REFERENCE[connections]!).toFixed(2)} reference, ${(b.rps / e.rps).toFixed(2)} of echo`);
    show(e);
  }
  console.log('');
  for (const request of ['?version', '?get-tpi', '?set-section,1,*,*,*,*,*,*', '?start,0', '?set-integration,10']) {
    show(await measure(backend.port, true, 1, `${request}\r\n`, `backend ${request}, 1 conn`));
  }
  const conn = await open(backend.port, true);
  const rps = await pipelined(conn, Buffer.from('?status\r\n'), 200000, 200);
  conn.socket.destroy();
  console.log(`\nbackend ?status, 1 conn, pipelined depth 200: ${Math.round(rps)} req/s`);
} finally {
  backend.child.kill();
  echo.child.kill();
}
