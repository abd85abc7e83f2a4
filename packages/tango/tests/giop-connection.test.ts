import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConnectionPool,
  DeviceProxy,
  GiopStreamDecoder,
  TangoConnectionError,
  TangoTimeoutError,
  decodeMessage,
  encodeCloseConnection,
  encodeReply,
  fragmentMessage,
  operations,
  writeDevFailed,
  GiopConnection,
  type RequestMessage,
} from '../src/index.js';

type Handler = (req: RequestMessage, socket: Socket, all: RequestMessage[]) => void;

/** A scripted GIOP server on 127.0.0.1:0 (our own encoder; shapes what TangoTest cannot be made to do). */
async function fakeServer(handler: Handler): Promise<{ server: Server; port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const decoder = new GiopStreamDecoder();
    const all: RequestMessage[] = [];
    socket.on('data', (chunk: Buffer) =>
      decoder.push(chunk, (m) => {
        const msg = decodeMessage(m);
        if (msg.type === 'Request') {
          all.push(msg);
          handler(msg, socket, all);
        }
      }),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as { port: number }).port, sockets };
}

function echoLong(req: RequestMessage): Buffer {
  const args = operations.command_inout_4.args.read(req.body);
  return encodeReply({ minor: req.minor, requestId: req.requestId, body: (w) => operations.command_inout_4.result.write(w, args.argin) });
}

describe('GIOP client connection behaviour', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  async function start(handler: Handler): Promise<{ proxy: DeviceProxy; port: number; sockets: Set<Socket> }> {
    const { server, port, sockets } = await fakeServer(handler);
    cleanup.push(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    });
    const pool = new ConnectionPool({ reconnectDelayMs: 0 });
    cleanup.push(() => pool.close());
    const proxy = new DeviceProxy(`tango://127.0.0.1:${port}/test/dev/1#dbase=no`, { pool, timeoutMs: 2000 });
    return { proxy, port, sockets };
  }

  it('matches replies that arrive in reverse order', async () => {
    const n = 50;
    const { proxy } = await start((req, socket, all) => {
      if (req.operation === 'command_query_2') {
        socket.write(encodeReply({ minor: req.minor, requestId: req.requestId, body: (w) => operations.command_query_2.result.write(w, { cmd_name: 'DevLong', level: 'OPERATOR', cmd_tag: 0, in_type: 3, out_type: 3, in_type_desc: '', out_type_desc: '' }) }));
        all.length = 0;
        return;
      }
      if (all.length === n) for (const r of [...all].reverse()) socket.write(echoLong(r));
    });
    await proxy.commandQuery('DevLong');
    const results = await Promise.all(Array.from({ length: n }, (_, i) => proxy.command('DevLong', i)));
    expect(results).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it('a reply the caller cannot decode rejects that call only; the connection keeps serving', async () => {
    // Every reply has an empty body: right for `ping`, truncated for `info_3` (the client's decoder runs out).
    const { proxy, port } = await start((req, socket) => socket.write(encodeReply({ minor: req.minor, requestId: req.requestId })));
    await expect(proxy.info()).rejects.toMatchObject({ code: 'TANGO_DECODE' });
    await proxy.ping();
    const pool = (proxy as unknown as { pool: ConnectionPool }).pool;
    expect(pool.openConnection('127.0.0.1', port)?.inFlight).toBe(0);
  });

  it('reassembles a fragmented reply', async () => {
    const { proxy } = await start((req, socket) => {
      if (req.operation !== 'command_inout_4') return;
      const reply = echoLong(req);
      for (const part of fragmentMessage(reply, 64, req.requestId)) socket.write(part);
    });
    const big = Array.from({ length: 200 }, (_, i) => `s${i}`);
    const result = await proxy.call('command_inout_4', {
      command: 'X',
      argin: { type: { kind: 'sequence', content: { kind: 'string', bound: 0 }, bound: 0 }, value: big },
      source: 'DEV',
      cl_ident: { CPP: 1 },
    });
    expect(result.value).toEqual(big);
  });

  it('a server CloseConnection fails in-flight calls as retryable and the proxy retries once on a new connection', async () => {
    let calls = 0;
    const { proxy } = await start((req, socket) => {
      calls++;
      if (calls === 1) {
        socket.end(encodeCloseConnection(2));
        return;
      }
      socket.write(encodeReply({ minor: req.minor, requestId: req.requestId }));
    });
    await proxy.ping();
    expect(calls).toBe(2);
  });

  it('every call in flight when a CloseConnection arrives is retried once, on one new connection', async () => {
    let calls = 0;
    const { proxy, sockets } = await start((req, socket) => {
      calls++;
      // Call 1 opens the connection. Calls 2-4 arrive together; the server closes after the first of them,
      // answering none. Retries are answered.
      if (calls === 2) {
        socket.end(encodeCloseConnection(2));
        return;
      }
      if (calls === 1 || calls > 4) socket.write(encodeReply({ minor: req.minor, requestId: req.requestId }));
    });
    await proxy.ping();
    const connections = new Set<Socket>();
    await Promise.all([proxy.ping(), proxy.ping(), proxy.ping()].map((p) => p.then(() => sockets.forEach((s) => connections.add(s)))));
    expect(calls).toBe(7);
    expect(connections.size).toBe(1);
  });

  it('times out with TangoTimeoutError and keeps the connection for the next call', async () => {
    let first = true;
    const { proxy } = await start((req, socket) => {
      if (first) {
        first = false;
        return;
      }
      socket.write(encodeReply({ minor: req.minor, requestId: req.requestId }));
    });
    await expect(proxy.ping({ timeoutMs: 100 })).rejects.toBeInstanceOf(TangoTimeoutError);
    expect(await proxy.ping()).toBeGreaterThan(0);
  });

  it('a command the device no longer has loses its cached description: the next call asks for it again', async () => {
    let known = true;
    const asked: string[] = [];
    const { proxy } = await start((req, socket) => {
      asked.push(req.operation);
      if (req.operation === 'command_query_2') {
        socket.write(encodeReply({ minor: req.minor, requestId: req.requestId, body: (w) => operations.command_query_2.result.write(w, { cmd_name: 'DevLong', level: 'OPERATOR', cmd_tag: 0, in_type: 3, out_type: 3, in_type_desc: '', out_type_desc: '' }) }));
      } else if (known) socket.write(echoLong(req));
      else {
        const errors = [{ reason: 'API_CommandNotFound', severity: 'ERR' as const, desc: 'Command DevLong not found', origin: 'fake' }];
        socket.write(encodeReply({ minor: req.minor, requestId: req.requestId, replyStatus: 1, body: (w) => writeDevFailed(w, errors) }));
      }
    });
    expect(await proxy.command('DevLong', 7)).toBe(7);
    expect(await proxy.command('DevLong', 8)).toBe(8);
    expect(asked).toEqual(['command_query_2', 'command_inout_4', 'command_inout_4']);
    known = false;
    await expect(proxy.command('DevLong', 9)).rejects.toMatchObject({ reason: 'API_CommandNotFound' });
    known = true;
    asked.length = 0;
    expect(await proxy.command('DevLong', 10)).toBe(10);
    expect(asked).toEqual(['command_query_2', 'command_inout_4']);
    // Bad arguments fail the returned promise (never a synchronous throw) and send nothing.
    const bad = proxy.command('DevLong', 'not a number');
    await expect(bad).rejects.toMatchObject({ code: 'TANGO_VALUE_INVALID' });
    await expect(proxy.read('caf\u20ac')).rejects.toMatchObject({ code: 'TANGO_ENCODE' });
    // Not even a name from untyped code throws synchronously.
    await expect(proxy.command(undefined as unknown as string, 1)).rejects.toBeInstanceOf(TypeError);
    await expect(proxy.write(undefined as unknown as string, 1)).rejects.toBeInstanceOf(TypeError);
    expect(asked).toEqual(['command_query_2', 'command_inout_4']);
  });

  it('a call with a fallback resolves with what the fallback returns, whatever made it fail', async () => {
    let answer = true;
    const { port } = await start((req, socket) => {
      if (answer) socket.write(encodeReply({ minor: req.minor, requestId: req.requestId, replyStatus: 2, body: (w) => { w.string('IDL:omg.org/CORBA/OBJECT_NOT_EXIST:1.0'); w.ulong(0); w.ulong(1); } }));
    });
    const connection = new GiopConnection({ host: '127.0.0.1', port });
    await connection.connect();
    cleanup.push(() => connection.close());
    const failing = (): never => {
      throw new Error('decoded as a failure');
    };
    const seen: unknown[] = [];
    const recover = (err: unknown): string => {
      seen.push(err);
      return 'recovered';
    };
    const objectKey = Buffer.from('test/dev/1');
    // A reply that decodes to an error, then a timeout: both answered by the fallback, never rejected.
    expect(await connection.request({ objectKey, operation: 'ping' }, failing, recover)).toBe('recovered');
    answer = false;
    expect(await connection.request({ objectKey, operation: 'ping', timeoutMs: 50 }, failing, recover)).toBe('recovered');
    expect(seen.map((e) => (e as Error).constructor.name)).toEqual(['Error', 'TangoTimeoutError']);
    // A fallback that throws fails the call with its error; without one, the call rejects as before.
    await expect(connection.request({ objectKey, operation: 'ping', timeoutMs: 50 }, failing, () => { throw new Error('fallback gave up'); })).rejects.toThrow('fallback gave up');
    await expect(connection.request({ objectKey, operation: 'ping', timeoutMs: 50 }, failing)).rejects.toBeInstanceOf(TangoTimeoutError);
    // After the connection is gone, the fallback still answers.
    await connection.close();
    expect(await connection.request({ objectKey, operation: 'ping' }, failing, recover)).toBe('recovered');
    expect(seen.at(-1)).toBeInstanceOf(TangoConnectionError);
  });

  it('garbage from the server closes the connection with a typed error', async () => {
    const { proxy } = await start((_req, socket) => socket.write(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n')));
    const err = await proxy.ping().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TangoConnectionError);
  });
});
