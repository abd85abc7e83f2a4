import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '@observatory/core';
import { startProcess, type TestProcess } from '@observatory/test-utils';
import type { ProcedureSummary } from '@ska/oet-server';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { ActivitySummary } from '../src/activities/activity.js';
import { PostgresOda } from '../src/oda/postgres-oda.js';
import { JsonlHistoryStore } from '../src/store/jsonl-history-store.js';
import { PostgresHistoryStore } from '../src/store/postgres-history-store.js';
import { restoreProcedure } from '../src/store/procedure-records.js';
import { FIXTURE_SCRIPTS } from './fixtures/scripts.js';
import { call, createBody, isAlive, waitForState } from './helpers.js';
import { SseReader } from './sse-reader.js';
import { postgresUnavailable, startTestPostgres, type TestPostgres } from './support/postgres-server.js';
import { listeningUrl, startOetRest } from './support/oet-rest-process.js';

const dirs: string[] = [];
const children: TestProcess[] = [];

afterAll(async () => {
  await Promise.all(children.map((child) => child.close({ signal: 'SIGKILL' })));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** `oet-rest` as a real process on a free port with the given history file and ODA; resolves once it listens. */
async function startServer(tmp: string, root: string): Promise<{ proc: TestProcess; url: string }> {
  const proc = startOetRest(['--port', '0', '--scripts-root', root], {
    HOME: path.join(tmp, 'home'),
    LOG_LEVEL: 'info',
    OET_STOP_GRACE_MS: '300',
    OET_CACHE_DIR: path.join(tmp, 'cache'),
    OET_HISTORY_FILE: path.join(tmp, 'history.jsonl'),
    ODA_BACKEND_TYPE: 'filesystem',
    ODA_DATA_DIR: path.join(tmp, 'oda'),
  });
  children.push(proc);
  return { proc, url: await listeningUrl(proc) };
}

describe('history that survives a restart', () => {
  it('after kill -9, finished procedures and activities are listed as they ended, live ones UNKNOWN, ids continue', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'oet-restart-'));
    dirs.push(tmp);
    const root = path.join(tmp, 'scripts');
    await mkdir(root);
    await mkdir(path.join(tmp, 'home'));
    for (const name of ['hello.js', 'spin.js', 'throw-main.js']) await writeFile(path.join(root, name), FIXTURE_SCRIPTS[name]!);
    await mkdir(path.join(tmp, 'oda', 'sbd'), { recursive: true });
    await writeFile(
      path.join(tmp, 'oda', 'sbd', 'sbd-r-1.json'),
      JSON.stringify({ sbd_id: 'sbd-r-1', metadata: { version: 1 }, activities: { spin: { kind: 'filesystem', path: 'file://spin.js', function_args: { init: { kwargs: { subarray_id: 3 } } } } } }),
    );

    const first = await startServer(tmp, root);
    const done = await call<ProcedureSummary>(`${first.url}/procedures/`, 'POST', createBody(root, 'hello.js', { subarray_id: 1 }));
    await waitForState(first.url, done.body.id, ['READY']);
    await call(`${first.url}/procedures/${done.body.id}`, 'PUT', { state: 'RUNNING', script_args: { main: { kwargs: { n: 1 } } } });
    const complete = await waitForState(first.url, done.body.id, ['COMPLETE']);
    const failing = await call<ProcedureSummary>(`${first.url}/procedures/`, 'POST', createBody(root, 'throw-main.js', { subarray_id: 2 }));
    await waitForState(first.url, failing.body.id, ['READY']);
    await call(`${first.url}/procedures/${failing.body.id}`, 'PUT', { state: 'RUNNING', script_args: { main: { kwargs: { why: 'on purpose' } } } });
    const failed = await waitForState(first.url, failing.body.id, ['FAILED']);

    const stream = await SseReader.open(`${first.url}/stream?topics=user.test`);
    const activity = await call<ActivitySummary>(`${first.url}/activities/`, 'POST', { sbd_id: 'sbd-r-1', activity_name: 'spin' });
    expect(activity.status).toBe(201);
    await stream.waitFor((s) => s.events.some((e) => e.data.topic === 'user.test.spinning'), 15_000);
    const spinner = Number(stream.events.find((e) => e.data.topic === 'user.test.spinning')!.data.pid);
    await stream.close();
    const ready = await call<ProcedureSummary>(`${first.url}/procedures/`, 'POST', createBody(root, 'hello.js'));
    await waitForState(first.url, ready.body.id, ['READY']);

    first.proc.kill('SIGKILL');
    await first.proc.exited;
    try {
      await vi.waitFor(() => expect(isAlive(spinner)).toBe(false), { timeout: 5000 });
    } finally {
      if (isAlive(spinner)) process.kill(spinner, 'SIGKILL');
    }

    const second = await startServer(tmp, root);
    try {
      const list = (await call<ProcedureSummary[]>(`${second.url}/procedures/`)).body;
      expect(list.map((p) => [p.id, p.state])).toEqual([
        [done.body.id, 'COMPLETE'],
        [failing.body.id, 'FAILED'],
        [activity.body.procedure_id, 'UNKNOWN'],
        [ready.body.id, 'UNKNOWN'],
      ]);
      const [c, f, live] = list;
      expect(c!.history).toEqual(complete.history);
      expect(c!.script_args).toEqual(complete.script_args);
      expect(c!.uri).toBe(`${second.url}/procedures/${c!.id}`);
      expect(f!.history.stacktrace).toBe(failed.history.stacktrace);
      expect(live!.history.process_states.map(([s]) => s).slice(-2)).toEqual(['RUNNING', 'UNKNOWN']);
      expect(live!.history.stacktrace).toMatch(/restarted/);
      // a restored procedure cannot be driven: it has no process
      expect((await call(`${second.url}/procedures/${ready.body.id}`, 'PUT', { state: 'RUNNING' })).status).toBe(409);

      const activities = (await call<ActivitySummary[]>(`${second.url}/activities/`)).body;
      expect(activities).toHaveLength(1);
      expect(activities[0]).toMatchObject({ id: activity.body.id, sbi_id: activity.body.sbi_id, state: 'UNKNOWN' });
      expect(activities[0]!.activity_states.map(([s]) => s)).toEqual(['TODO', 'PREPARING', 'READY', 'RUNNING', 'UNKNOWN']);

      const next = await call<ProcedureSummary>(`${second.url}/procedures/`, 'POST', createBody(root, 'hello.js'));
      expect(next.body.id).toBe(ready.body.id + 1);
      const nextActivity = await call<ActivitySummary>(`${second.url}/activities/`, 'POST', { sbd_id: 'sbd-r-1', activity_name: 'spin', prepare_only: true });
      expect(nextActivity.body.id).toBe(activity.body.id + 1);
      await waitForState(second.url, next.body.id, ['READY']);
    } finally {
      second.proc.kill('SIGTERM');
      await second.proc.exited;
    }
  }, 90_000);

  it('ids never repeat, even when retention dropped the newest id and a torn last line is skipped', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'oet-history-'));
    dirs.push(tmp);
    const file = path.join(tmp, 'h.jsonl');
    const record = (id: number, finishedAt: number | null) => ({ id, final: finishedAt !== null, finishedAt, data: { id } });
    const a = new JsonlHistoryStore(file, { procedure: 1, activity: 1 }, silentLogger);
    await a.load();
    a.save('procedure', record(5, 100)); // finished first: retention drops it
    a.save('procedure', record(4, 200));
    a.save('procedure', record(3, null));
    await a.close();
    await writeFile(file, '{"k":"procedure","r":{"id":9', { flag: 'a' });
    const b = new JsonlHistoryStore(file, { procedure: 1, activity: 1 }, silentLogger);
    const loaded = await b.load();
    expect(loaded.procedures.map((r) => r.id)).toEqual([3, 4]);
    expect(loaded.nextIds.procedure).toBe(6);
    await b.close();
    const c = new JsonlHistoryStore(file, { procedure: 1, activity: 1 }, silentLogger);
    expect((await c.load()).nextIds.procedure).toBe(6);
    await c.close();
  });

  it('a second live server on the same history file is refused', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'oet-history-'));
    dirs.push(tmp);
    const file = path.join(tmp, 'h.jsonl');
    const holder = startProcess(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    children.push(holder);
    await writeFile(`${file}.lock`, String(holder.pid));
    const store = new JsonlHistoryStore(file, { procedure: 1, activity: 1 }, silentLogger);
    await expect(store.load()).rejects.toMatchObject({ code: 'OET_HISTORY_LOCKED' });
    holder.kill('SIGKILL');
    await holder.exited;
    await expect(store.load()).resolves.toMatchObject({ procedures: [] });
    await store.close();
  });
});

describe('restoring a procedure record', () => {
  it('keeps who created it and marks a live one UNKNOWN with the reason', () => {
    const summary = {
      id: 4,
      script: { script_type: 'filesystem', script_uri: 'file:///s/x.js' },
      script_args: { init: { args: [], kwargs: {} } },
      history: { process_states: [['CREATING', 1], ['RUNNING', 2]], stacktrace: null },
      state: 'RUNNING',
      created_by: 'Ada',
    };
    const { proc, changed } = restoreProcedure({ id: 4, final: false, finishedAt: null, data: summary }, 3000, 'why');
    expect(changed).toBe(true);
    expect(proc.summary('http://h/p')).toMatchObject({ state: 'UNKNOWN', created_by: 'Ada', history: { stacktrace: 'why', process_states: [['CREATING', 1], ['RUNNING', 2], ['UNKNOWN', 3]] } });
  });
});

describe.skipIf(postgresUnavailable() !== undefined)('history in PostgreSQL (with the postgres ODA)', () => {
  let pgServer: TestPostgres | undefined;
  afterAll(async () => {
    await pgServer?.stop();
  });

  it('keeps procedures and activities across stores on the same database; ids never repeat after retention', async () => {
    pgServer = await startTestPostgres();
    const database = await pgServer.createDatabase('history_1');
    const settings = { host: pgServer.host, port: pgServer.port, user: pgServer.user, database };
    const record = (id: number, finishedAt: number | null) => ({ id, final: finishedAt !== null, finishedAt, data: { id, state: finishedAt ? 'COMPLETE' : 'RUNNING' } });

    const oda1 = await PostgresOda.open(settings, silentLogger);
    const first = new PostgresHistoryStore(oda1.pool, { procedure: 1, activity: 5 }, silentLogger);
    expect(await first.load()).toEqual({ procedures: [], activities: [], nextIds: { procedure: 1, activity: 1 } });
    first.save('procedure', record(7, 100)); // finished first: retention drops it at the next load
    first.save('procedure', record(5, 200));
    first.save('procedure', record(6, null));
    first.save('activity', record(1, null));
    await first.close();
    await oda1.close();

    const oda2 = await PostgresOda.open(settings, silentLogger);
    const second = new PostgresHistoryStore(oda2.pool, { procedure: 1, activity: 5 }, silentLogger);
    const loaded = await second.load();
    expect(loaded.procedures.map((r) => [r.id, r.final])).toEqual([
      [5, true],
      [6, false],
    ]);
    expect(loaded.activities.map((r) => r.id)).toEqual([1]);
    expect(loaded.nextIds).toEqual({ procedure: 8, activity: 2 });
    await second.close();
    await oda2.close();
  }, 60_000);
});
