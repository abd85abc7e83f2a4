import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { silentLogger } from '@observatory/core';
import type { ProcedureSummary } from '@ska/oet-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivitySummary } from '../src/activities/activity.js';
import { FilesystemOda } from '../src/oda/filesystem-oda.js';
import type { Oda } from '../src/oda/oda-types.js';
import { PostgresOda } from '../src/oda/postgres-oda.js';
import type { OdaOptions } from '../src/oda/open-oda.js';
import { call, createReady, startTestServer, waitForState, type TestServer } from './helpers.js';
import { SseReader } from './sse-reader.js';
import { postgresUnavailable, startTestPostgres, type TestPostgres } from './support/postgres-server.js';

const ACTIVITY_SCRIPT = `
import { readFileSync } from 'node:fs';
export function init({ kwargs }, ctx) { ctx.publish('user.test.activity.init', { kwargs }); }
export function main({ kwargs }, ctx) {
  if (kwargs.raise_msg) throw new Error('activity failed: ' + String(kwargs.raise_msg));
  const sb = JSON.parse(readFileSync(kwargs.sb_json, 'utf8'));
  ctx.publish('user.test.activity.main', { kwargs, sbd_id: sb.sbd_id });
}
`;

const sbd = (id: string, activities: Record<string, unknown>) => ({
  interface: 'https://schema.skao.int/ska-oso-pdm-sbd/0.1',
  sbd_id: id,
  telescope: 'ska_mid',
  metadata: { version: 3 },
  activities,
});

const observe = (subarray: number, main: Record<string, unknown> = { scans: 1 }) => ({
  kind: 'filesystem',
  path: 'file://sb-activity.js',
  function_args: { init: { args: [], kwargs: { subarray_id: subarray } }, main: { args: [], kwargs: main } },
});

async function waitForActivity(url: string, id: number, states: string[], timeoutMs = 15_000): Promise<ActivitySummary> {
  const deadline = Date.now() + timeoutMs;
  let last: ActivitySummary | undefined;
  while (Date.now() < deadline) {
    const { status, body } = await call<ActivitySummary>(`${url}/activities/${id}`);
    if (status === 200) {
      last = body;
      if (states.includes(body.state)) return body;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`activity ${id} did not reach ${states.join('/')} (last ${JSON.stringify(last?.activity_states)})`);
}

interface Backend {
  name: 'filesystem' | 'postgres';
  skip?: string;
  /** Server options for this backend and a handle to put SBDs in and read SBIs back. */
  open(): Promise<{ options: OdaOptions; oda: Oda; close(): Promise<void> }>;
}

let pgServer: TestPostgres | undefined;
const pgSkip = postgresUnavailable();
if (pgSkip) console.warn(`activities against the postgres ODA SKIPPED: ${pgSkip}`);

const backends: Backend[] = [
  {
    name: 'filesystem',
    async open() {
      const { mkdtemp } = await import('node:fs/promises');
      const os = await import('node:os');
      const dir = await mkdtemp(path.join(os.tmpdir(), 'oet-oda-'));
      return { options: { backend: 'filesystem', dataDir: dir }, oda: new FilesystemOda(dir), close: async () => undefined };
    },
  },
  {
    name: 'postgres',
    skip: pgSkip,
    async open() {
      pgServer ??= await startTestPostgres();
      const database = await pgServer.createDatabase(`oda_${Math.random().toString(36).slice(2, 10)}`);
      const settings = { host: pgServer.host, port: pgServer.port, user: pgServer.user, database };
      const oda = await PostgresOda.open(settings, silentLogger);
      return { options: { backend: 'postgres', ...settings }, oda, close: () => oda.close() };
    },
  },
];

afterAll(async () => {
  await pgServer?.stop();
});

describe.each(backends)('activities with the $name ODA', (backend) => {
  let t: TestServer;
  let oda: Oda;
  let closeOda: () => Promise<void>;
  const SBD = 'sbd-t-00001';

  beforeAll(async () => {
    if (backend.skip) return;
    const opened = await backend.open();
    oda = opened.oda;
    closeOda = () => opened.close();
    t = await startTestServer({ oda: opened.options, historyMax: 100 });
    await writeFile(path.join(t.root, 'sb-activity.js'), ACTIVITY_SCRIPT);
    await oda.putSbd(
      sbd(SBD, {
        observe: observe(1),
        observe2: observe(2),
        observe3: observe(3),
        observe4: observe(4),
        failing: observe(5, { raise_msg: 'from the SB' }),
        nomain: { kind: 'filesystem', path: 'file://sb-activity.js', function_args: { init: { args: [], kwargs: { subarray_id: 6 } } } },
      }),
    );
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await closeOda?.();
  });

  it.skipIf(backend.skip)('runs to COMPLETE: sb_json and sbi_id reach main, the SBI is stored, events come in order', async () => {
    const sse = await SseReader.open(`${t.url}/stream`);
    try {
      const res = await call<ActivitySummary>(`${t.url}/activities/`, 'POST', { sbd_id: SBD, activity_name: 'observe' });
      expect(res.status).toBe(201);
      const created = res.body;
      expect(created).toMatchObject({ sbd_id: SBD, activity_name: 'observe', prepare_only: false, state: 'TODO' });
      expect(created.procedure_id).toBe(created.pid);
      expect(created.uri).toBe(`${t.url}/activities/${created.id}`);
      expect(created.sbi_id).toMatch(/^sbi-oet-\d{8}-/);
      expect(created.script_args.init).toEqual({ args: [], kwargs: { subarray_id: 1 } });
      expect(created.script_args.main!.kwargs).toMatchObject({ scans: 1, sbi_id: created.sbi_id });
      const sbJson = created.script_args.main!.kwargs.sb_json as string;
      expect(JSON.parse(await readFile(sbJson, 'utf8'))).toMatchObject({ sbd_id: SBD });

      const done = await waitForActivity(t.url, created.id, ['COMPLETE', 'FAILED']);
      expect(done.activity_states.map(([s]) => s)).toEqual(['TODO', 'PREPARING', 'READY', 'RUNNING', 'COMPLETE']);
      const proc = await waitForState(t.url, created.procedure_id!, ['COMPLETE']);
      expect(proc.script_args.main?.kwargs).toMatchObject({ sbi_id: created.sbi_id, sb_json: sbJson });

      await sse.waitFor((r) => r.topics().includes('sb.lifecycle.finished.succeeded'));
      const mine = sse.events.filter(
        (e) =>
          e.data.sbi_id === created.sbi_id ||
          e.data.msg_src === String(created.procedure_id) ||
          (e.data.result as ProcedureSummary | undefined)?.id === created.procedure_id,
      );
      const topics = mine.map((e) => String(e.data.topic)).filter((topic) => !topic.endsWith('statechange'));
      expect(topics).toEqual([
        'procedure.lifecycle.created',
        'procedure.lifecycle.started',
        'user.test.activity.init',
        'procedure.lifecycle.started',
        'sb.lifecycle.started',
        'user.test.activity.main',
        'procedure.lifecycle.complete',
        'sb.lifecycle.finished.succeeded',
      ]);
      const main = mine.find((e) => e.data.topic === 'user.test.activity.main')!.data;
      expect(main).toMatchObject({ sbd_id: SBD, kwargs: { sbi_id: created.sbi_id, sb_json: sbJson, scans: 1 } });
      const ids = mine.map((e) => e.id);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);

      const sbi = await oda.getSbi(created.sbi_id!);
      expect(sbi).toMatchObject({ sbi_id: created.sbi_id, sbd_ref: SBD, sbd_version: 3, telescope: 'ska_mid' });
      expect(sbi.activities[0]).toMatchObject({ activity_ref: 'observe', runtime_args: [] });
    } finally {
      await sse.close();
    }
  });

  it.skipIf(backend.skip)("request script_args replace the SB's entry whole; a missing main still gets sb_json", async () => {
    const res = await call<ActivitySummary>(`${t.url}/activities/`, 'POST', {
      sbd_id: SBD,
      activity_name: 'observe2',
      script_args: { main: { kwargs: { scans: 7 } } },
    });
    expect(res.status).toBe(201);
    expect(res.body.script_args.main!.kwargs).toEqual({ scans: 7, sb_json: expect.any(String), sbi_id: res.body.sbi_id });
    const sbi = await oda.getSbi(res.body.sbi_id!);
    expect(sbi.activities[0]!.runtime_args).toEqual([{ function_name: 'main', function_args: { args: [], kwargs: { scans: 7 } } }]);
    await waitForActivity(t.url, res.body.id, ['COMPLETE']);

    const nomain = await call<ActivitySummary>(`${t.url}/activities/`, 'POST', { sbd_id: SBD, activity_name: 'nomain' });
    expect(nomain.status).toBe(201);
    expect(Object.keys(nomain.body.script_args.main!.kwargs).sort()).toEqual(['sb_json', 'sbi_id']);
    await waitForActivity(t.url, nomain.body.id, ['COMPLETE']);
  });

  it.skipIf(backend.skip)('prepare_only stays READY; a later start runs main with the SB arguments, its own kwargs over them', async () => {
    const res = await call<ActivitySummary>(`${t.url}/activities/`, 'POST', { sbd_id: SBD, activity_name: 'observe3', prepare_only: true });
    expect(res.status).toBe(201);
    const ready = await waitForActivity(t.url, res.body.id, ['READY']);
    const proc = await waitForState(t.url, ready.procedure_id!, ['READY']);
    expect(proc.script_args.main).toBeUndefined();
    // still READY after the procedure settled: nobody started it
    expect((await call<ActivitySummary>(`${t.url}/activities/${res.body.id}`)).body.state).toBe('READY');
    // as `oet procedure start --scans=9` sends it
    const started = await call<ProcedureSummary>(`${t.url}/procedures/${ready.procedure_id}`, 'PUT', {
      state: 'RUNNING',
      script_args: { main: { args: [], kwargs: { scans: 9 } } },
    });
    expect(started.status).toBe(200);
    expect(started.body.script_args.main).toEqual({ args: [], kwargs: { sbi_id: res.body.sbi_id, sb_json: expect.any(String), scans: 9 } });
    const done = await waitForActivity(t.url, res.body.id, ['COMPLETE', 'FAILED']);
    expect(done.activity_states.map(([s]) => s)).toEqual(['TODO', 'PREPARING', 'READY', 'RUNNING', 'COMPLETE']);
  });

  it.skipIf(backend.skip)('raise_msg fails the procedure and the activity, with sb.lifecycle.finished.failed', async () => {
    const sse = await SseReader.open(`${t.url}/stream?topics=sb`);
    try {
      const res = await call<ActivitySummary>(`${t.url}/activities/`, 'POST', { sbd_id: SBD, activity_name: 'failing' });
      expect(res.status).toBe(201);
      const failed = await waitForActivity(t.url, res.body.id, ['FAILED', 'COMPLETE']);
      expect(failed.state).toBe('FAILED');
      const proc = await waitForState(t.url, failed.procedure_id!, ['FAILED']);
      expect(proc.history.stacktrace).toContain('activity failed: from the SB');
      await sse.waitFor((r) => r.events.some((e) => e.data.topic === 'sb.lifecycle.finished.failed' && e.data.sbi_id === res.body.sbi_id));
    } finally {
      await sse.close();
    }
  });

  it.skipIf(backend.skip)('unknown SBD is 404, unknown activity 422 naming both; neither writes an SBI', async () => {
    const before = backend.name === 'filesystem' ? (await readdir(path.join((oda as FilesystemOda).dir, 'sbi'))).length : 0;
    const unknown = await call<{ detail: string }>(`${t.url}/activities/`, 'POST', { sbd_id: 'sbd-nope-1', activity_name: 'observe' });
    expect(unknown).toEqual({ status: 404, body: { detail: 'SBDefinition sbd-nope-1 not found in the ODA' } });
    const noActivity = await call<{ detail: string }>(`${t.url}/activities/`, 'POST', { sbd_id: SBD, activity_name: 'calibrate' });
    expect(noActivity).toEqual({ status: 422, body: { detail: `Activity 'calibrate' not present in the SBDefinition ${SBD}` } });
    const badId = await call<{ detail: string }>(`${t.url}/activities/`, 'POST', { sbd_id: '../../etc/passwd', activity_name: 'observe' });
    expect(badId.status).toBe(422);
    const missing = await call<{ detail: unknown[] }>(`${t.url}/activities/`, 'POST', { activity_name: 'observe' });
    expect(missing.status).toBe(422);
    expect(missing.body.detail).toEqual([expect.objectContaining({ type: 'missing', loc: ['body', 'sbd_id'] })]);
    if (backend.name === 'filesystem') expect((await readdir(path.join((oda as FilesystemOda).dir, 'sbi'))).length).toBe(before);
  });

  it.skipIf(backend.skip)('a busy subarray is a 409 before anything is created; GET lists and 404s as OET', async () => {
    const busy = await createReady(t, 'wait-file.js', { subarray_id: 4 });
    await call(`${t.url}/procedures/${busy.id}`, 'PUT', { state: 'RUNNING', script_args: { main: { kwargs: { gate: path.join(t.tmp, 'never') } } } });
    const before = (await call<ActivitySummary[]>(`${t.url}/activities/`)).body.length;
    const conflict = await call<{ detail: string }>(`${t.url}/activities/`, 'POST', { sbd_id: SBD, activity_name: 'observe4' });
    expect(conflict.status).toBe(409);
    expect(conflict.body.detail).toContain(`PID #${busy.id} is RUNNING on subarray 4`);
    expect((await call<ActivitySummary[]>(`${t.url}/activities/`)).body.length).toBe(before);
    await call(`${t.url}/procedures/${busy.id}`, 'PUT', { state: 'STOPPED' });

    expect(await call(`${t.url}/activities/999`)).toEqual({
      status: 404,
      body: { detail: { type: 'ResourceNotFound', Message: 'No information available for ID=999' } },
    });
    const list = await call<ActivitySummary[]>(`${t.url}/activities`);
    expect(list.status).toBe(200);
    expect(list.body.map((a) => a.id)).toEqual([...list.body.map((a) => a.id)].sort((a, b) => a - b));
  });

  it.skipIf(backend.skip)('GET /sbds/ lists the ODA and /sbds/{id} returns the document', async () => {
    const list = await call<Array<{ sbd_id: string; activities: string[]; version: number }>>(`${t.url}/sbds/`);
    expect(list.status).toBe(200);
    expect(list.body).toContainEqual(expect.objectContaining({ sbd_id: SBD, version: 3, activities: expect.arrayContaining(['observe', 'failing']) }));
    const one = await call<{ sbd_id: string; interface: string }>(`${t.url}/sbds/${SBD}`);
    expect(one.body).toMatchObject({ sbd_id: SBD, interface: 'https://schema.skao.int/ska-oso-pdm-sbd/0.1' });
    expect((await call(`${t.url}/sbds/sbd-nope-2`)).status).toBe(404);
  });

  it.skipIf(backend.name !== 'filesystem')('a broken SBD file is a 422 naming the file and the field', async () => {
    const dir = path.join((oda as FilesystemOda).dir, 'sbd');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'sbd-broken-1.json'), '{"sbd_id": "sbd-broken-1", ');
    const bad = await call<{ detail: string }>(`${t.url}/activities/`, 'POST', { sbd_id: 'sbd-broken-1', activity_name: 'observe' });
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toContain(path.join(dir, 'sbd-broken-1.json'));
    expect(bad.body.detail).toContain('not valid JSON');
    await writeFile(path.join(dir, 'sbd-broken-2.json'), JSON.stringify(sbd('sbd-broken-2', { observe: { kind: 'ftp', path: 'x' } })));
    const kind = await call<{ detail: string }>(`${t.url}/activities/`, 'POST', { sbd_id: 'sbd-broken-2', activity_name: 'observe' });
    expect(kind.status).toBe(422);
    expect(kind.body.detail).toContain('activities.observe.kind');
  });
});

describe('activities with git scripts follow the server git policy', () => {
  const run = promisify(execFile);
  const git = (cwd: string, ...args: string[]) =>
    run('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false', ...args], { cwd });
  let tmp: string;
  let bare: string;
  let oda: FilesystemOda;
  const servers: TestServer[] = [];
  const start = async (gitAllowFile: boolean) => {
    const t = await startTestServer({ oda: { backend: 'filesystem', dataDir: oda.dir }, gitAllowFile });
    servers.push(t);
    return t;
  };

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'oet-activity-git-'));
    const work = path.join(tmp, 'work');
    bare = path.join(tmp, 'scripts.git');
    await mkdir(path.join(work, 'scripts'), { recursive: true });
    await git(tmp, 'init', '-q', '-b', 'main', work);
    await writeFile(path.join(work, 'scripts', 'observe.js'), `export function main({ kwargs }, ctx) { ctx.publish('user.test.git.activity', { sbi_id: kwargs.sbi_id }); }\n`);
    await git(work, 'add', '.');
    await git(work, 'commit', '-q', '-m', 'observe');
    await git(tmp, 'clone', '-q', '--bare', work, bare);
    oda = new FilesystemOda(path.join(tmp, 'oda'));
    await oda.putSbd(
      sbd('sbd-git-00001', {
        observe: { kind: 'git', path: 'scripts/observe.js', repo: bare, branch: 'main', function_args: { init: { args: [], kwargs: { subarray_id: 1 } } } },
      }),
    );
  }, 60_000);
  afterAll(async () => {
    for (const t of servers) await t.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('a local repository runs when the server allows local repositories (--git-allow-file)', async () => {
    const t = await start(true);
    const res = await call<ActivitySummary>(`${t.url}/activities/`, 'POST', { sbd_id: 'sbd-git-00001', activity_name: 'observe' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const done = await waitForActivity(t.url, res.body.id, ['COMPLETE', 'FAILED'], 60_000);
    expect(done.state).toBe('COMPLETE');
    const proc = await waitForState(t.url, done.procedure_id!, ['COMPLETE']);
    expect(proc.script).toMatchObject({ script_type: 'git', git_args: { git_repo: bare, git_branch: 'main' } });
  }, 90_000);

  it('and is refused (422, nothing run) when it does not', async () => {
    const t = await start(false);
    const res = await call<{ detail: Array<{ msg: string }> }>(`${t.url}/activities/`, 'POST', { sbd_id: 'sbd-git-00001', activity_name: 'observe' });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body.detail)).toContain('local repositories are not enabled');
    expect((await call<ActivitySummary[]>(`${t.url}/activities/`)).body).toEqual([]);
  });
});
