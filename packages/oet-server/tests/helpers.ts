import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createOetServer, type OetServer, type OetServerOptions, type ProcedureSummary } from '@ska/oet-server';
import { waitForProcedureState } from '@observatory/test-utils';
import { FIXTURE_SCRIPTS } from './fixtures/scripts.js';

export interface TestServer {
  server: OetServer;
  url: string;
  root: string;
  tmp: string;
  close(): Promise<void>;
}

/** A real server on 127.0.0.1:0 with the fixture scripts in a fresh temporary script root. */
export async function startTestServer(options: Partial<OetServerOptions> = {}): Promise<TestServer> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'oet-test-'));
  const root = path.join(tmp, 'scripts');
  await mkdir(root);
  await Promise.all(Object.entries(FIXTURE_SCRIPTS).map(([name, text]) => writeFile(path.join(root, name), text)));
  const server = await createOetServer({
    port: 0,
    scriptRoots: [root],
    stopGraceMs: 300,
    cacheDir: path.join(tmp, 'cache'),
    childMaxOldSpaceMb: 64,
    ...options,
  });
  const url = await server.listen();
  return {
    server,
    url,
    root,
    tmp,
    async close() {
      await server.close();
      await rm(tmp, { recursive: true, force: true });
    },
  };
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
}

export async function call<T = unknown>(url: string, method = 'GET', body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export function createBody(root: string, file: string, init?: Record<string, unknown>): Record<string, unknown> {
  return {
    script: { script_type: 'filesystem', script_uri: `file://${path.join(root, file)}` },
    ...(init ? { script_args: { init: { args: [], kwargs: init } } } : {}),
  };
}

/** Polls a procedure until it reaches one of `states`; the timeout names the last state seen. */
export function waitForState(url: string, id: number, states: string[], timeoutMs = 10_000): Promise<ProcedureSummary> {
  return waitForProcedureState<ProcedureSummary>(url, id, states, { timeoutMs, intervalMs: 15 });
}

export async function create(t: TestServer, file: string, init?: Record<string, unknown>): Promise<ProcedureSummary> {
  const res = await call<ProcedureSummary>(`${t.url}/procedures/`, 'POST', createBody(t.root, file, init));
  if (res.status !== 201) throw new Error(`create ${file}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function createReady(t: TestServer, file: string, init?: Record<string, unknown>): Promise<ProcedureSummary> {
  const p = await create(t, file, init);
  return waitForState(t.url, p.id, ['READY']);
}

export function statesOf(p: ProcedureSummary): string[] {
  return p.history.process_states.map(([s]) => s);
}

export { isAlive } from '@observatory/test-utils';
