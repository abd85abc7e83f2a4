import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { test } from './support/fixtures.js';
import { OetProcess, runOet, scriptUri, spawnOet, waitForState } from './support/harness.js';

const servers: Server[] = [];
const sockets = new Set<Socket>();
afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listening<T extends Server>(server: T): Promise<string> {
  servers.push(server);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/ska-oso-oet/oet/api/v7`;
}

/** A port nobody listens on: bound, then released. */
async function closedPortUrl(): Promise<string> {
  const server = createTcpServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/ska-oso-oet/oet/api/v7`;
}

describe('server errors', () => {
  it('an unreachable server: one clear line, exit 1 (list, start, listen; in process and as a child)', async () => {
    const url = await closedPortUrl();
    const expected = new RegExp(`^Cannot reach the OET server at ${url.replace(/[/.]/g, '\\$&')}: connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+\\n$`);
    for (const args of [['procedure', 'list'], ['procedure', 'start'], ['listen']]) {
      const run = await runOet(['--server-url', url, ...args]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(expected);
    }
    const child = await spawnOet(['list'], { OET_URL: url });
    expect(child.code).toBe(1);
    expect(child.stderr).toMatch(expected);
  });

  it('a server that never answers: timeout message after --timeout, exit 1 (requests and the stream)', async () => {
    const url = await listening(createTcpServer(() => undefined)); // accepts, never replies
    for (const args of [['procedure', 'list'], ['listen']]) {
      const run = await runOet(['--server-url', url, '--timeout', '300', ...args]);
      expect(run).toEqual({ code: 1, stdout: '', stderr: `No answer from the OET server at ${url} within 300 ms\n` });
    }
  });

  it('Ctrl-C on a command that is waiting for the server exits at once with 130 (child process)', async () => {
    const silent = createTcpServer(() => undefined);
    const url = await listening(silent);
    const child = new OetProcess(['--timeout', '60000', 'procedure', 'list'], { OET_URL: url });
    try {
      await once(silent, 'connection', { signal: AbortSignal.timeout(10_000) });
      child.child.kill('SIGINT');
      expect((await child.result()).code).toBe(130);
    } finally {
      await child.close();
    }
  });

  it('a non-JSON error page (e.g. from a proxy): the server\'s text', async () => {
    // Stand-in for a reverse proxy in front of OET: answers every request with a plain-text 502.
    const url = await listening(
      createHttpServer((_req, res) => {
        res.writeHead(502, { 'content-type': 'text/plain' }).end('Bad gateway: upstream oet-rest is down');
      }),
    );
    const run = await runOet(['--server-url', url, 'procedure', 'list']);
    expect(run).toEqual({ code: 1, stdout: '', stderr: 'The server encountered a problem: Bad gateway: upstream oet-rest is down\n' });
  });
});

describe('4xx answers of the real server', () => {
  test('404 unknown pid, 403 outside the script roots, 409 subarray busy, 422 per-field problems', async ({ oet }) => {
    const server = ['--server-url', oet.url];
    expect(await runOet([...server, 'procedure', 'describe', '--pid=99'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Server encountered error 404 Not Found:\n  No information available for PID=99\n',
    });

    const outside = await runOet([...server, 'procedure', 'create', 'file:///etc/oet-outside.js']);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/^Server encountered error 403 Forbidden:\n {2}.*\/etc\/oet-outside\.js.*outside the allowed script roots\n$/);

    for (let i = 0; i < 2; i++) await runOet([...server, 'procedure', 'create', scriptUri('spin.js')]);
    await waitForState(oet.url, 2, ['READY']);
    expect((await runOet([...server, 'procedure', 'start', '--pid=1', '--no-listen'])).code).toBe(0);
    const busy = await runOet([...server, 'procedure', 'start', '--pid=2', '--no-listen']);
    expect(busy).toEqual({ code: 1, stdout: '', stderr: 'Server encountered error 409 Conflict:\n  Cannot start PID 2: PID #1 is RUNNING\n' });

    const invalid = await runOet([...server, 'procedure', 'create', 'git://scripts/x.js', '--git-repo=--upload-pack=evil']);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^Server encountered error 422 Unprocessable Entity:\n {2}body\.script\.git_args\.git_repo: .+\n$/);
    await runOet([...server, 'procedure', 'stop', '--pid=1', '--no-run-abort']);
  });

  test('a URL without the API base path: the 404 says so', async ({ oet }) => {
    const wrong = oet.url.replace('/ska-oso-oet/oet/api/v7', '/oet');
    const run = await runOet(['--server-url', wrong, 'procedure', 'list']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Server encountered error 404 Not Found:\n {2}.*\/oet\/procedures\/.*\n {2}Is http:\/\/127\.0\.0\.1:\d+\/oet the OET API base, e\.g\. /);
  });

  test('abort without a subarray id: the server\'s 422 detail, and the procedure keeps running', async ({ oet }) => {
    const server = ['--server-url', oet.url];
    await runOet([...server, 'procedure', 'create', scriptUri('spin.js'), '--subarray-id=null']);
    expect((await runOet([...server, 'procedure', 'start', '--no-listen'])).code).toBe(0);
    const stop = await runOet([...server, 'procedure', 'stop']);
    expect(stop).toMatchObject({ code: 1, stdout: '' });
    expect(stop.stderr).toMatch(/^Server encountered error 422 Unprocessable Entity:\n {2}(body\.abort: )?Subarray ID not specified\n$/);
    const still = JSON.parse((await runOet([...server, '--json', 'procedure', 'list'])).stdout) as Array<{ state: string }>;
    expect(still[0]?.state).toBe('RUNNING');
    expect((await runOet([...server, 'procedure', 'stop', '--no-run-abort'])).code).toBe(0);
  });

  test('activities on a server without them (an older server answering 501): "not supported", exit 1', async () => {
    // a stand-in for an older OET server: every /activities request answers 501
    const older = createHttpServer((_req, res) => res.writeHead(501, { 'content-type': 'application/json' }).end('{"detail":"Activities are not supported by this server"}'));
    older.listen(0, '127.0.0.1');
    await once(older, 'listening');
    const server = ['--server-url', `http://127.0.0.1:${(older.address() as AddressInfo).port}/api`];
    servers.push(older);
    for (const args of [['activity', 'run', 'observe', 'sbd-mvp01-00011', '--no-listen'], ['activity', 'list'], ['activity', 'describe', '--aid=1']]) {
      expect(await runOet([...server, ...args])).toEqual({ code: 1, stdout: '', stderr: 'Activities are not supported by this server\n' });
    }
  });
});

describe('usage errors exit 2 without touching the server', () => {
  const unreachable = ['--server-url', 'http://127.0.0.1:1/api'];
  it.each([
    [['procedure', 'create', 'scripts/hello.js'], /^error: Script URI 'scripts\/hello\.js' must start with file:\/\/ or git:\/\/\n$/],
    [['procedure', 'create', 'file://relative.js'], /must hold an absolute path/],
    [['procedure', 'create', 'file:///srv/x.py'], /must name a \.js \.mjs \.ts \.mts module/],
    [['procedure', 'create', 'file:///srv/x.js', '--git-branch=dev'], /only apply to git:\/\/ scripts/],
    [['procedure', 'create'], /error: missing required argument 'script-uri'/],
    [['procedure', 'list', '--pid=abc'], /--pid must be a positive integer, got 'abc'/],
    [['procedure', 'list', '--bogus'], /error: unknown option '--bogus'/],
    [['procedure', 'start', '-x'], /Unknown option '-x': keyword arguments are written --name=value/],
    [['procedure', 'start', '--listen=maybe'], /^error: '--listen=maybe': --listen is an option of this command, not a script keyword argument\n$/],
    [['procedure', 'frobnicate'], /error: unknown command 'frobnicate'/],
    [['activity', 'run', 'observe', 'sbd-1', '--script-args', '{not json'], /--script-args must be JSON/],
    [['--timeout', 'soon', 'procedure', 'list'], /option '--timeout <ms>' argument 'soon' is invalid/],
  ])('%j', async (args, message) => {
    const run = await runOet([...unreachable, ...args]);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(2);
  });

  it('an invalid server URL names where it came from', async () => {
    expect(await runOet(['procedure', 'list'], { env: { OET_URL: 'oet-host:5000' } })).toMatchObject({ code: 2, stderr: expect.stringMatching(/OET_URL/) });
  });

  it('oet without a command shows help on stderr and exits 2; --help and --version exit 0', async () => {
    const bare = await runOet([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage: oet [options] [command]');
    const help = await runOet(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('Usage: oet [options] [command]');
    const version = await runOet(['--version']);
    expect(version).toEqual({ code: 0, stdout: '1.0.0\n', stderr: '' });
  });
});
