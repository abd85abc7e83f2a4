// OET server benchmark: procedure latency vs a bare fork, GET throughput, SSE lag.
// Run: node --conditions=@observatory/source --import tsx bench/oet-bench.ts
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createOetServer } from '../src/index.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const THROUGHPUT_MS = Number(process.env.BENCH_THROUGHPUT_MS ?? 3000);
const LISTENERS = 100;
const SSE_EVENTS = 200;

const now = () => performance.timeOrigin + performance.now();
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const fmt = (values: number[]) => `p50 ${pct(values, 50).toFixed(1)} ms  p99 ${pct(values, 99).toFixed(1)} ms`;

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
function request(url: string, method = 'GET', body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(url, { method, agent, headers: payload ? { 'content-type': 'application/json' } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** A raw SSE listener calling back per parsed event. */
function listen(url: string, onEvent: (data: Record<string, unknown>) => void): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { accept: 'text/event-stream' } }, (res) => {
      let pending = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        pending += chunk;
        let end: number;
        while ((end = pending.indexOf('\n\n')) !== -1) {
          const block = pending.slice(0, end);
          pending = pending.slice(end + 2);
          const data = block.split('\n').find((l) => l.startsWith('data:'));
          if (data) onEvent(JSON.parse(data.slice(5)) as Record<string, unknown>);
        }
      });
      res.on('error', () => undefined);
      resolve(req);
    });
    req.on('error', reject);
  });
}

const tmp = await mkdtemp(path.join(os.tmpdir(), 'oet-bench-'));
const root = path.join(tmp, 'scripts');
await import('node:fs/promises').then((fs) => fs.mkdir(root));
await writeFile(path.join(root, 'trivial.js'), 'export function main() {}\n');
await writeFile(
  path.join(root, 'burst.js'),
  `import { setTimeout as sleep } from 'node:timers/promises';
export async function main({ kwargs }, ctx) {
  for (let i = 0; i < kwargs.n; i++) {
    ctx.publish('user.bench', { i, sent: performance.timeOrigin + performance.now() });
    await sleep(5);
  }
}
`,
);
await writeFile(path.join(root, 'spin.js'), 'export function main() { for (;;) {} }\n');
await writeFile(
  path.join(root, 'cooperative.js'),
  `export async function main(_input, ctx) {
  const aborted = new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
  ctx.publish('user.stopbench.armed', {});
  await aborted;
  ctx.publish('user.stopbench.aborted', {});
}
`,
);
const empty = path.join(tmp, 'empty.mjs');
await writeFile(empty, '');

// 1. baseline: bare fork (with IPC) of an empty module, until it exits
const baseline: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const began = now();
  const child = fork(empty, [], { stdio: 'ignore', execArgv: [] });
  await once(child, 'exit');
  baseline.push(now() - began);
}

// 2. create->READY and start->COMPLETE, observed on the SSE stream
async function procedureLatencies(base: string): Promise<{ toReady: number[]; toComplete: number[] }> {
  const waiters = new Map<string, () => void>();
  const stateStream = await listen(`${base}/stream?topics=procedure.lifecycle.statechange`, (data) => {
    waiters.get(`${String(data.msg_src)}:${String(data.new_state)}`)?.();
  });
  const reach = (id: number, state: string) => new Promise<void>((resolve) => waiters.set(`${id}:${state}`, resolve));
  const ready: number[] = [];
  const complete: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const began = now();
    const created = await request(`${base}/procedures/`, 'POST', { script: { script_type: 'filesystem', script_uri: `file://${root}/trivial.js` } });
    const id = (JSON.parse(created.text) as { id: number }).id;
    await reach(id, 'READY');
    const readyAt = now();
    ready.push(readyAt - began);
    const done = reach(id, 'COMPLETE');
    await request(`${base}/procedures/${id}`, 'PUT', { state: 'RUNNING' });
    await done;
    complete.push(now() - readyAt);
  }
  stateStream.destroy();
  return { toReady: ready, toComplete: complete };
}

// 2a. without warm script hosts: every procedure forks its process
const coldServer = await createOetServer({ port: 0, scriptRoots: [root], cacheDir: path.join(tmp, 'cache'), historyMax: 5, warmHosts: 0 });
const cold = await procedureLatencies(await coldServer.listen());
await coldServer.close();

// 2b. the default: warm script hosts (pre-forked, one per procedure)
const server = await createOetServer({ port: 0, scriptRoots: [root], cacheDir: path.join(tmp, 'cache'), historyMax: 5 });
const url = await server.listen();
const { toReady, toComplete } = await procedureLatencies(url);

// 3. GET list throughput (5 procedures listed), 32 concurrent keep-alive clients, next to a bare
// node:http server sending the same bytes (same process, same client) as the baseline
async function throughput(target: string): Promise<number> {
  let count = 0;
  const until = now() + THROUGHPUT_MS;
  const began = now();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (now() < until) {
        const res = await request(target);
        if (res.status !== 200) throw new Error(`GET failed ${res.status}`);
        count++;
      }
    }),
  );
  return count / ((now() - began) / 1000);
}
const listBody = (await request(`${url}/procedures/`)).text;
const bare = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(listBody));
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
const bareRps = await throughput(`http://127.0.0.1:${(bare.address() as { port: number }).port}/`);
await new Promise((resolve) => bare.close(resolve));
const rps = await throughput(`${url}/procedures/`);

// 4. SSE lag with 100 listeners: script publish -> client receipt
const lags: number[] = [];
let received = 0;
const listeners = await Promise.all(
  Array.from({ length: LISTENERS }, () =>
    listen(`${url}/stream?topics=user.bench`, (data) => {
      lags.push(now() - Number(data.sent));
      received++;
    }),
  ),
);
const created = await request(`${url}/procedures/`, 'POST', {
  script: { script_type: 'filesystem', script_uri: `file://${root}/burst.js` },
});
const burstId = (JSON.parse(created.text) as { id: number }).id;
for (let i = 0; i < 200 && JSON.parse((await request(`${url}/procedures/${burstId}`)).text).state !== 'READY'; i++) await new Promise((r) => setTimeout(r, 10));
await request(`${url}/procedures/${burstId}`, 'PUT', { state: 'RUNNING', script_args: { main: { kwargs: { n: SSE_EVENTS } } } });
const deadline = now() + 30_000;
while (received < LISTENERS * SSE_EVENTS && now() < deadline) await new Promise((r) => setTimeout(r, 20));
for (const l of listeners) l.destroy();

// 5. GET latency while 10 scripts spin (each in its own process, busy loop)
const spinners: number[] = [];
for (let i = 0; i < 10; i++) {
  const res = await request(`${url}/procedures/`, 'POST', {
    script: { script_type: 'filesystem', script_uri: `file://${root}/spin.js` },
    script_args: { init: { args: [], kwargs: { subarray_id: 100 + i } } },
  });
  spinners.push((JSON.parse(res.text) as { id: number }).id);
}
for (const id of spinners) {
  for (let i = 0; i < 500 && JSON.parse((await request(`${url}/procedures/${id}`)).text).state !== 'READY'; i++) await new Promise((r) => setTimeout(r, 10));
  await request(`${url}/procedures/${id}`, 'PUT', { state: 'RUNNING' });
}
const running = (JSON.parse((await request(`${url}/health`)).text) as { procedures: { running: number } }).procedures.running;
const busyGets: number[] = [];
for (let i = 0; i < 200; i++) {
  const t0 = now();
  const res = await request(`${url}/procedures/`);
  if (res.status !== 200) throw new Error(`GET failed ${res.status}`);
  busyGets.push(now() - t0);
}

// 6. stop: a cooperative script sees ctx.signal and returns; a busy loop is killed once the grace is over
const STOP_RUNS = Number(process.env.BENCH_STOP_RUNS ?? 5);
const GRACE_MS = 1000; // createOetServer's default stopGraceMs
const seen = new Map<string, () => void>();
const stopStream = await listen(`${url}/stream?topics=user.stopbench`, (data) => seen.get(`${String(data.msg_src)}:${String(data.topic)}`)?.());
const event = (id: number, topic: string) => new Promise<void>((resolve) => seen.set(`${id}:${topic}`, resolve));
async function readyProcedure(script: string, subarrayId: number): Promise<number> {
  const res = await request(`${url}/procedures/`, 'POST', {
    script: { script_type: 'filesystem', script_uri: `file://${root}/${script}` },
    script_args: { init: { args: [], kwargs: { subarray_id: subarrayId } } },
  });
  const id = (JSON.parse(res.text) as { id: number }).id;
  for (let i = 0; i < 500 && JSON.parse((await request(`${url}/procedures/${id}`)).text).state !== 'READY'; i++) await new Promise((r) => setTimeout(r, 10));
  return id;
}
const abortSeen: number[] = [];
const cooperativeStops: number[] = [];
const busyStops: number[] = [];
for (let i = 0; i < STOP_RUNS; i++) {
  const coop = await readyProcedure('cooperative.js', 200 + i);
  const armed = event(coop, 'user.stopbench.armed');
  await request(`${url}/procedures/${coop}`, 'PUT', { state: 'RUNNING' });
  await armed;
  const abortedAt = event(coop, 'user.stopbench.aborted').then(() => now());
  const sent = now();
  await request(`${url}/procedures/${coop}`, 'PUT', { state: 'STOPPED' });
  cooperativeStops.push(now() - sent);
  abortSeen.push((await abortedAt) - sent);
  const spin = await readyProcedure('spin.js', 300 + i);
  await request(`${url}/procedures/${spin}`, 'PUT', { state: 'RUNNING' });
  const began = now();
  await request(`${url}/procedures/${spin}`, 'PUT', { state: 'STOPPED' });
  busyStops.push(now() - began);
}
stopStream.destroy();

await server.close();
agent.destroy();
await rm(tmp, { recursive: true, force: true });

const forkP50 = pct(baseline, 50);
console.log(`OET server benchmark (${RUNS} runs, node ${process.version}, ${os.cpus().length} cores)`);
console.log(`  bare fork of an empty module   ${fmt(baseline)}`);
console.log(`  create -> READY, no warm hosts ${fmt(cold.toReady)}   ratio p50 ${(pct(cold.toReady, 50) / forkP50).toFixed(2)}x (target <= 1.5x)`);
console.log(`  create -> READY, warm hosts    ${fmt(toReady)}   ratio p50 ${(pct(toReady, 50) / forkP50).toFixed(2)}x (target <= 0.5x)`);
console.log(`  start -> COMPLETE              ${fmt(toComplete)}   ratio p50 ${(pct(toComplete, 50) / forkP50).toFixed(2)}x (target <= 1.5x)`);
console.log(`  GET /procedures/ throughput    ${Math.round(rps)} req/s (target >= 10000); bare node:http same bytes ${Math.round(bareRps)} req/s (${(rps / bareRps).toFixed(2)}x)`);
console.log(`  GET /procedures/, 10 spinning  ${fmt(busyGets)}  (target p99 < 50 ms; ${running} RUNNING)`);
console.log(`  SSE lag, ${LISTENERS} listeners        ${fmt(lags)}  (${received}/${LISTENERS * SSE_EVENTS} events; target < 10 ms)`);
console.log(`  stop -> script sees ctx.signal ${fmt(abortSeen)}  (target < 50 ms; ${STOP_RUNS} runs)`);
console.log(`  stop answered, cooperative     ${fmt(cooperativeStops)}   ratio p50 ${(pct(cooperativeStops, 50) / forkP50).toFixed(2)}x bare fork`);
console.log(`  stop answered, busy loop       ${fmt(busyStops)}   ratio p50 ${(pct(busyStops, 50) / GRACE_MS).toFixed(2)}x the ${GRACE_MS} ms grace (target <= grace + 500 ms)`);
