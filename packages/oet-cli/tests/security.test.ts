import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createOetServer, type OetServer } from '@ska/oet-server';
import { SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { test } from './support/fixtures.js';
import { runOet, scriptUri, SCRIPTS_DIR, startOet, waitForState } from './support/harness.js';

const SECRET = 'a-shared-secret-of-at-least-32-bytes!';
const sign = (claims: JWTPayload) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('10m').sign(new TextEncoder().encode(SECRET));
/** Characters that would act on a terminal (all but newline and tab), left unescaped. */
const rawControls = (text: string) =>
  [...text].filter((c) => {
    const code = c.charCodeAt(0);
    return (code < 0x20 && c !== '\n' && c !== '\t') || (code >= 0x7f && code <= 0x9f) || c === '\u202e';
  });
const OPERATOR = { sub: 'op-1', name: 'Op One', roles: ['SW_ENGINEER'], scp: 'procedure:read procedure:execute' };

describe('oet against a server with authentication', () => {
  let tmp: string;
  let server: OetServer;
  let url: string;
  let token: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'oet-cli-auth-'));
    const secretFile = path.join(tmp, 'secret');
    await writeFile(secretFile, SECRET);
    server = await createOetServer({ port: 0, scriptRoots: [SCRIPTS_DIR], cacheDir: path.join(tmp, 'cache'), stopGraceMs: 300, auth: { mode: 'jwt', secretFile } });
    url = await server.listen();
    token = await sign(OPERATOR);
  });
  afterAll(async () => {
    await server?.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('sends --token, OET_TOKEN or the file named by OET_TOKEN_FILE as a bearer token', async () => {
    const viaFlag = await runOet(['--server-url', url, '--token', token, '--json', 'procedure', 'create', scriptUri('hello.js')]);
    expect(viaFlag.code, viaFlag.stderr).toBe(0);
    expect(JSON.parse(viaFlag.stdout)).toMatchObject({ created_by: 'Op One' });
    expect((await runOet(['--server-url', url, 'procedure', 'list'], { env: { OET_TOKEN: token } })).code).toBe(0);
    const file = path.join(tmp, 'token');
    await writeFile(file, `${token}\n`);
    expect((await runOet(['--server-url', url, 'procedure', 'list'], { env: { OET_TOKEN_FILE: file } })).code).toBe(0);
  });

  it('401 without a token: one clear line on stderr, exit 1', async () => {
    const run = await runOet(['--server-url', url, 'procedure', 'list']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      `Not authenticated by the OET server at ${url} (401): Not authenticated: send an Authorization: Bearer token. Give a token with --token, OET_TOKEN or OET_TOKEN_FILE.`,
    ]);
  });

  it('403 without the scope: one clear line, exit 1; the event stream is refused the same way', async () => {
    const reader = await sign({ ...OPERATOR, scp: 'procedure:read' });
    const run = await runOet(['--server-url', url, '--token', reader, 'procedure', 'create', scriptUri('hello.js')]);
    expect(run.code).toBe(1);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Not allowed by the OET server at .* \(403\): Forbidden: .*procedure:execute/);
    const listen = await runOet(['--server-url', url, 'listen']);
    expect(listen.code).toBe(1);
    expect(listen.stderr).toContain('(401)');
  });

  it('a token file that cannot be read, or a token with spaces, is a usage error (exit 2)', async () => {
    expect((await runOet(['--server-url', url, 'procedure', 'list'], { env: { OET_TOKEN_FILE: path.join(tmp, 'missing') } })).code).toBe(2);
    expect((await runOet(['--server-url', url, '--token', 'a b', 'procedure', 'list'])).code).toBe(2);
  });

  it('listen sends the token on the stream', async () => {
    const detach = new AbortController();
    const listening = startOet(['--server-url', url, '--token', token, 'listen', '--topics=user.script'], { signal: detach.signal });
    try {
      await vi.waitFor(() => expect(listening.stderr.text).toContain('Listening to'), { timeout: 10_000 });
    } finally {
      detach.abort();
    }
    expect((await listening.done).code).toBe(0);
  });
});

describe('server-provided text is escaped on the terminal', () => {
  test('listen shows control characters as escapes and cannot be made to print fake lines', async ({ oet }) => {
    const detach = new AbortController();
    const listening = startOet(['--server-url', oet.url, 'listen', '--topics=user'], { signal: detach.signal });
    try {
      await vi.waitFor(() => expect(listening.stderr.text).toContain('Listening to'));
      await runOet(['--server-url', oet.url, 'procedure', 'create', scriptUri('terminal-tricks.js')]);
      await waitForState(oet.url, 1, ['READY']);
      await runOet(['--server-url', oet.url, 'procedure', 'start', '--no-listen']);
      await vi.waitFor(() => expect(listening.stdout.text).toContain('user.custom'), { timeout: 10_000 });
    } finally {
      detach.abort();
    }
    const { stdout } = await listening.done;
    expect(rawControls(stdout)).toEqual([]);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('- Script message: \\x1b[2J\\x1b]0;pwned\\x07\\x0d\\x0a- Procedure 9 (file:///x.js) execution complete \\u202e');
    expect(lines[1]).toBe('- user.custom: {"msg_src":"1","text":"\\u001b[2J\\u001b]0;pwned\\u0007\\r\\n- Procedure 9 (file:///x.js) execution complete \\u202e"}');
  });

  test('describe escapes the stack trace and table cells', async ({ oet }) => {
    await runOet(['--server-url', oet.url, 'procedure', 'create', scriptUri('terminal-tricks.js')]);
    await waitForState(oet.url, 1, ['READY']);
    await runOet(['--server-url', oet.url, 'procedure', 'start', '--no-listen']);
    await waitForState(oet.url, 1, ['FAILED']);
    const run = await runOet(['--server-url', oet.url, 'procedure', 'describe', '--pid=1']);
    expect(run.stdout).toContain('Error: failing \\x1b[2J\\x1b]0;pwned\\x07\\x0d');
    expect(rawControls(run.stdout)).toEqual([]);
  });
});
