import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ClientClosedError,
  ConnectionRefusedError,
  ConnectionTimeoutError,
  delimiterFramer,
  exponentialBackoff,
  NotConnectedError,
  RequestTimeoutError,
  TcpClient,
  TcpServer,
  type TcpServerOptions,
} from '../src/index.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const crlf = () => delimiterFramer({ delimiter: '\r\n' });

async function server(options: Partial<TcpServerOptions> = {}): Promise<TcpServer> {
  const s = new TcpServer({ framer: crlf(), onFrame: (f) => `re:${f.toString()}\r\n`, ...options });
  cleanups.push(() => s.close(50));
  await s.listen();
  return s;
}

async function client(port: number, options: Partial<ConstructorParameters<typeof TcpClient>[0]> = {}): Promise<TcpClient> {
  const c = new TcpClient({ port, framer: crlf(), requestTimeoutMs: 1000, ...options });
  cleanups.push(() => c.close());
  await c.connect();
  return c;
}

describe('TcpClient', () => {
  it('reads the greeting and matches pipelined replies to requests in order', async () => {
    const s = await server({ greeting: 'hi\r\n' });
    const c = await client(s.port, { expectGreeting: true });
    expect(c.greeting?.toString()).toBe('hi');
    const replies = await Promise.all(Array.from({ length: 100 }, (_, i) => c.request(`q${i}\r\n`)));
    expect(replies.map((r) => r.toString())).toEqual(Array.from({ length: 100 }, (_, i) => `re:q${i}`));
  });

  it('frames requests itself when encodeRequests is set', async () => {
    const s = await server();
    const c = await client(s.port, { encodeRequests: true });
    expect((await c.request('plain')).toString()).toBe('re:plain');
  });

  it('times out a request, drops its late reply, and keeps later replies aligned', async () => {
    const s = await server({
      onFrame: async (f) => {
        const text = f.toString();
        if (text === 'slow') await new Promise((r) => setTimeout(r, 150));
        return `re:${text}\r\n`;
      },
    });
    const c = await client(s.port);
    const slow = c.request('slow\r\n', { timeoutMs: 30 });
    await expect(slow).rejects.toBeInstanceOf(RequestTimeoutError);
    await expect(slow).rejects.toMatchObject({ code: 'CORE_REQUEST_TIMEOUT' });
    expect((await c.request('next\r\n')).toString()).toBe('re:next');
  });

  it('rejects pending requests with ClientClosedError on close, and later calls too', async () => {
    const s = await server({ onFrame: () => new Promise(() => undefined) });
    const c = await client(s.port);
    const pending = expect(c.request('never\r\n')).rejects.toBeInstanceOf(ClientClosedError);
    await c.close();
    await pending;
    expect(() => c.send('x\r\n')).toThrow(ClientClosedError);
    await c.close(); // idempotent
  });

  it('rejects with ConnectionRefusedError when nothing listens', async () => {
    const s = await server();
    const port = s.port;
    await s.close();
    const error = await new TcpClient({ port, framer: crlf() }).connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionRefusedError);
    expect((error as ConnectionRefusedError).code).toBe('CORE_CONNECTION_REFUSED');
  });

  it('rejects with ConnectionTimeoutError when the handshake never completes', async () => {
    // A listener with a full accept queue drops further SYNs, so connects hang: a real timeout on loopback.
    const py = spawn('python3', ['-c', 'import socket,sys,time\ns=socket.socket();s.bind(("127.0.0.1",0));s.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(30)'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    cleanups.push(() => killChild(py));
    const [line] = (await once(py.stdout, 'data', { signal: AbortSignal.timeout(5000) }));
    const port = Number(line.toString().trim());
    const fillers: TcpClient[] = [];
    let error: unknown;
    for (let i = 0; i < 4 && !error; i++) {
      const c = new TcpClient({ port, framer: crlf(), connectTimeoutMs: 200 });
      fillers.push(c);
      error = await c.connect().then(
        () => undefined,
        (e: unknown) => e,
      );
    }
    await Promise.all(fillers.map((c) => c.close()));
    expect(error).toBeInstanceOf(ConnectionTimeoutError);
    expect((error as ConnectionTimeoutError).code).toBe('CORE_CONNECTION_TIMEOUT');
  });

  it('fails requests when the server drops the connection, then reconnects with the strategy', async () => {
    let drop = true;
    const s = await server({
      onFrame: (f, conn) => {
        if (drop && f.toString() === 'drop') {
          drop = false;
          conn.destroy();
          return undefined;
        }
        return `re:${f.toString()}\r\n`;
      },
    });
    const c = await client(s.port, { reconnect: exponentialBackoff({ initialMs: 10, maxAttempts: 20 }) });
    const reconnected = once(c, 'connect', { signal: AbortSignal.timeout(3000) });
    await expect(c.request('drop\r\n')).rejects.toMatchObject({ code: 'CORE_CONNECTION_CLOSED' });
    await reconnected;
    expect((await c.request('again\r\n')).toString()).toBe('re:again');
  });

  it('says NotConnectedError before connect', () => {
    const c = new TcpClient({ port: 1, framer: crlf() });
    expect(() => c.send('x')).toThrow(NotConnectedError);
  });

  it('delivers unsolicited frames through readFrame and the frame event', async () => {
    const s = await server({ greeting: 'one\r\ntwo\r\n' });
    const c = await client(s.port);
    expect((await c.readFrame()).toString()).toBe('one');
    expect((await c.readFrame()).toString()).toBe('two');
    await expect(c.readFrame(30)).rejects.toBeInstanceOf(RequestTimeoutError);
  });
});

describe('exponentialBackoff', () => {
  it('doubles up to the maximum and gives up after maxAttempts', () => {
    const strategy = exponentialBackoff({ initialMs: 100, maxMs: 500, maxAttempts: 4 });
    const cause = new Error('x');
    expect([1, 2, 3, 4, 5].map((n) => strategy(n, cause))).toEqual([100, 200, 400, 500, false]);
  });
});

async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}
