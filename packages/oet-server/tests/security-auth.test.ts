import { Writable } from 'node:stream';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@observatory/core';
import { createOetServer, type ProcedureSummary } from '@ska/oet-server';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilesystemOda } from '../src/oda/filesystem-oda.js';
import { createBody, startTestServer, type TestServer } from './helpers.js';
import { SseReader } from './sse-reader.js';

const OPERATOR = { roles: ['MID_TELESCOPE_OPERATOR'], scp: 'procedure:read procedure:execute', sub: 'u-17', name: 'Ada Operator' };

interface Answer {
  status: number;
  headers: Headers;
  body: { detail?: string } & Record<string, unknown>;
}

async function request(url: string, options: { method?: string; token?: string; host?: string; body?: unknown } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.host) headers.host = options.host;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method: options.method ?? 'GET', headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Answer['body']) : {} };
}

describe('(item 4) Host check', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ allowedHosts: ['oet.example.org'] });
  });
  afterAll(() => t?.close());

  it('answers 421 naming a foreign Host (DNS rebinding), on reads and writes alike', async () => {
    const port = new URL(t.url).port;
    // fetch will not forge Host, so use node:http
    const { request: httpRequest } = await import('node:http');
    const ask = (host: string, method = 'GET', p = '/procedures') =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, method, path: `${new URL(t.url).pathname}${p}`, headers: { host } }, (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    const evil = await ask(`attacker.example:${port}`);
    expect(evil.status).toBe(421);
    expect(JSON.parse(evil.body)).toEqual({ detail: expect.stringContaining(`attacker.example:${port}`) });
    expect((await ask('attacker.example', 'POST')).status).toBe(421);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'oet.example.org', `OET.example.org:${port}`]) {
      expect((await ask(host)).status, host).toBe(200);
    }
    // health stays open for probes whatever the Host
    expect((await ask('10.1.2.3:5000', 'GET', '/health')).status).toBe(200);
  });
});

describe('(item 4) JWT bearer tokens', () => {
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
  let other: Awaited<ReturnType<typeof generateKeyPair>>;
  let rs: TestServer;
  let hs: TestServer;
  const secret = 'a-shared-secret-of-at-least-32-bytes!';
  let logLines: Array<Record<string, unknown>> = [];
  let keyDir: string;
  let secretFile: string;

  const rsToken = (claims: JWTPayload, options: { expired?: boolean; key?: Parameters<SignJWT['sign']>[0]; aud?: string } = {}) => {
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer('https://issuer.example').setAudience(options.aud ?? 'oet');
    if (options.expired) jwt.setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 3600);
    else jwt.setIssuedAt().setExpirationTime('10m');
    return jwt.sign(options.key ?? rsa.privateKey);
  };
  const hsToken = (claims: JWTPayload) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('10m').sign(new TextEncoder().encode(secret));

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256');
    other = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(rsa.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const stream = new Writable({
      write(chunk: Buffer, _enc, cb) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logLines.push(JSON.parse(line) as Record<string, unknown>);
        cb();
      },
    });
    keyDir = await mkdtemp(path.join(os.tmpdir(), 'oet-keys-'));
    const jwks = path.join(keyDir, 'jwks.json');
    await writeFile(jwks, JSON.stringify({ keys: [jwk] }));
    secretFile = path.join(keyDir, 'secret');
    await writeFile(secretFile, `${secret}\n`);
    rs = await startTestServer({ auth: { mode: 'jwt', jwks, audience: 'oet', issuer: 'https://issuer.example' }, logger: createLogger({ level: 'info', stream }) });
    await writeFile(path.join(rs.root, 'logs.js'), `export function main(_i, ctx) { ctx.log.info('hello from the script'); }\n`);
    hs = await startTestServer({ auth: { mode: 'jwt', secretFile } });
    logLines = [];
  });
  afterAll(async () => {
    await rs?.close();
    await hs?.close();
    await rm(keyDir, { recursive: true, force: true });
  });

  it('no token: 401 with WWW-Authenticate: Bearer and a detail', async () => {
    const res = await request(`${rs.url}/procedures`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(res.body.detail).toMatch(/Not authenticated/);
  });

  it('invalid, wrongly signed, wrong audience and expired tokens: 401 invalid_token', async () => {
    for (const token of [
      'not.a.token',
      await rsToken(OPERATOR, { key: other.privateKey }),
      await rsToken(OPERATOR, { aud: 'someone-else' }),
      await rsToken(OPERATOR, { expired: true }),
      await hsToken(OPERATOR), // HS256 is not accepted where a JWKS is configured
    ]) {
      const res = await request(`${rs.url}/procedures`, { token });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    }
    const expired = await request(`${rs.url}/procedures`, { token: await rsToken(OPERATOR, { expired: true }) });
    expect(expired.body.detail).toContain('expired');
  });

  it('a valid token without an allowed role or without the scope: 403', async () => {
    const noRole = await request(`${rs.url}/procedures`, { token: await rsToken({ ...OPERATOR, roles: ['VISITOR'] }) });
    expect(noRole.status).toBe(403);
    expect(noRole.body.detail).toContain('SW_ENGINEER');
    expect(noRole.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope"');
    const reader = await rsToken({ ...OPERATOR, scp: 'procedure:read' });
    expect((await request(`${rs.url}/procedures`, { token: reader })).status).toBe(200);
    const write = await request(`${rs.url}/procedures`, { method: 'POST', token: reader, body: createBody(rs.root, 'no-init.js') });
    expect(write.status).toBe(403);
    expect(write.body.detail).toContain('procedure:execute');
    // activity:read is enough to read; the scope may also come as `scope`
    expect((await request(`${rs.url}/procedures`, { token: await rsToken({ roles: ['SW_ENGINEER'], scope: 'activity:read' }) })).status).toBe(200);
  });

  it('the right role and scope: created, and created_by shows the user in the summary and the logs', async () => {
    const token = await rsToken(OPERATOR);
    const res = await request(`${rs.url}/procedures`, { method: 'POST', token, body: createBody(rs.root, 'logs.js') });
    expect(res.status).toBe(201);
    expect(res.body.created_by).toBe('Ada Operator');
    const id = res.body.id as number;
    const headers = { authorization: `Bearer ${token}` };
    const listed = (await (await fetch(`${rs.url}/procedures/${id}`, { headers })).json()) as ProcedureSummary & { created_by?: string };
    expect(listed.created_by).toBe('Ada Operator');
    // the create request is logged with its user
    expect(logLines.some((l) => l.msg === 'POST authorised' && (l.user as { name?: string } | undefined)?.name === 'Ada Operator')).toBe(true);
    await expect.poll(async () => (await request(`${rs.url}/procedures/${id}`, { token })).body.state, { timeout: 10_000 }).toBe('READY');
    const start = await request(`${rs.url}/procedures/${id}`, { method: 'PUT', token, body: { state: 'RUNNING' } });
    expect(start.status).toBe(200);
    // and the script's own log lines carry the procedure and its creator
    await expect
      .poll(() => logLines.find((l) => l.msg === 'hello from the script'), { timeout: 10_000 })
      .toMatchObject({ procedure: id, created_by: 'Ada Operator' });
  });

  it('the event stream needs a read scope too; health stays open', async () => {
    expect((await request(`${rs.url}/stream`)).status).toBe(401);
    const stream = await SseReader.open(`${rs.url}/stream`, { authorization: `Bearer ${await rsToken(OPERATOR)}` });
    expect(stream.status).toBe(200);
    await stream.close();
    expect((await request(`${rs.url}/health`)).status).toBe(200);
  });

  it('HS256 from a secret file works the same way', async () => {
    expect((await request(`${hs.url}/procedures`)).status).toBe(401);
    const ok = await request(`${hs.url}/procedures`, { method: 'POST', token: await hsToken({ ...OPERATOR, name: undefined }), body: createBody(hs.root, 'no-init.js') });
    expect(ok.status).toBe(201);
    expect(ok.body.created_by).toBe('u-17'); // no name: the subject
  });

  it('routes added later get the same check; unknown paths are not a way around it', async () => {
    const server = await createOetServer({ port: 0, scriptRoots: [rs.root], cacheDir: path.join(rs.tmp, 'cache2'), auth: { mode: 'jwt', secretFile } });
    server.app.get('/added-later', () => ({ ok: true }));
    server.app.get('/open-page', { config: { access: { public: true } } }, () => ({ ok: true }));
    server.app.post('/added-later', { config: { access: { anyScope: ['activity:execute'] } } }, () => ({ ok: true }));
    try {
      const base = (await server.listen()).replace(/\/ska-oso-oet.*$/, '');
      expect((await request(`${base}/added-later`)).status).toBe(401);
      expect((await request(`${base}/added-later`, { token: await hsToken(OPERATOR) })).status).toBe(200);
      const post = await request(`${base}/added-later`, { method: 'POST', token: await hsToken(OPERATOR), body: {} });
      expect(post.status).toBe(403);
      expect(post.body.detail).toContain('activity:execute');
      expect((await request(`${base}/added-later`, { method: 'POST', token: await hsToken({ ...OPERATOR, scp: 'activity:execute' }), body: {} })).status).toBe(200);
      expect((await request(`${base}/no-such-route`)).status).toBe(401);
      // a public route needs no token (the Host check still applies to it)
      expect((await request(`${base}/open-page`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('(item 4) activities and SBDs under JWT', () => {
  const secret = 'another-shared-secret-of-32-bytes!!';
  const SBD = 'sbd-auth-00001';
  let dir: string;
  let t: TestServer;
  const token = (claims: JWTPayload) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('10m').sign(new TextEncoder().encode(secret));
  const as = (scp: string) => token({ roles: ['SW_ENGINEER'], scp, sub: 'u-42', name: 'Grace Observer' });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'oet-auth-oda-'));
    const secretFile = path.join(dir, 'secret');
    await writeFile(secretFile, secret);
    const oda = new FilesystemOda(path.join(dir, 'oda'));
    await oda.putSbd({
      interface: 'https://schema.skao.int/ska-oso-pdm-sbd/0.1',
      sbd_id: SBD,
      telescope: 'ska_mid',
      metadata: { version: 1 },
      activities: { observe: { kind: 'filesystem', path: 'file://no-init.js', function_args: { init: { args: [], kwargs: { subarray_id: 1 } } } } },
    });
    t = await startTestServer({ auth: { mode: 'jwt', secretFile }, oda: { backend: 'filesystem', dataDir: oda.dir } });
  });
  afterAll(async () => {
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reading activities and SBDs takes procedure:read or activity:read; neither is 403', async () => {
    for (const scp of ['procedure:read', 'activity:read']) {
      const reader = await as(scp);
      for (const url of ['/activities/', '/activities', '/sbds/', `/sbds/${SBD}`]) {
        expect((await request(`${t.url}${url}`, { token: reader })).status, `${scp} GET ${url}`).toBe(200);
      }
    }
    const writer = await as('procedure:execute activity:execute');
    for (const url of ['/activities/', `/activities/1`, '/sbds/', `/sbds/${SBD}`]) {
      const res = await request(`${t.url}${url}`, { token: writer });
      expect(res.status, url).toBe(403);
      expect(res.body.detail).toContain('procedure:read or activity:read');
    }
  });

  it('running an activity takes activity:execute, and records who ran it on the activity and its procedure', async () => {
    const body = { sbd_id: SBD, activity_name: 'observe' };
    const denied = await request(`${t.url}/activities/`, { method: 'POST', token: await as('procedure:read procedure:execute activity:read'), body });
    expect(denied.status).toBe(403);
    expect(denied.body.detail).toContain('activity:execute');

    const operator = await as('activity:read activity:execute');
    const res = await request(`${t.url}/activities/`, { method: 'POST', token: operator, body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.created_by).toBe('Grace Observer');
    const id = res.body.id as number;
    await expect
      .poll(async () => (await request(`${t.url}/activities/${id}`, { token: operator })).body.state, { timeout: 15_000 })
      .toBe('COMPLETE');
    const activity = await request(`${t.url}/activities/${id}`, { token: operator });
    expect(activity.body.created_by).toBe('Grace Observer');
    const proc = await request(`${t.url}/procedures/${activity.body.procedure_id as number}`, { token: operator });
    expect(proc.status).toBe(200);
    expect(proc.body.created_by).toBe('Grace Observer');
  });
});

describe('(item 4) binding beyond loopback', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t?.close());

  it('refuses a non-loopback address without authentication', async () => {
    const server = await createOetServer({ host: '0.0.0.0', port: 0, scriptRoots: [t.root], cacheDir: path.join(t.tmp, 'cache') });
    try {
      await expect(server.listen()).rejects.toMatchObject({ code: 'OET_INSECURE_BIND' });
    } finally {
      await server.close();
    }
  });

  it('starts with --insecure-no-auth, warning at every start', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, cb) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
        cb();
      },
    });
    const server = await createOetServer({
      host: '0.0.0.0',
      port: 0,
      insecureNoAuth: true,
      scriptRoots: [t.root],
      cacheDir: path.join(t.tmp, 'cache'),
      logger: createLogger({ level: 'warn', stream }),
    });
    try {
      await server.listen();
      expect(lines.some((l) => l.level === 40 && String(l.msg).includes('WITHOUT authentication'))).toBe(true);
    } finally {
      await server.close();
    }
  });
});
