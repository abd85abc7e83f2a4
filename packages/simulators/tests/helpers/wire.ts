import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { startSimulator, type SimulatorModule, type StartSimulatorOptions, type RunningSimulator } from '../../src/index.js';

const DEADLINE_MS = 3000;

/** A raw TCP test client: buffers everything received and reads exact byte counts with a deadline. */
export class WireClient {
  private buffer = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  private ended = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake();
    });
    socket.on('close', () => {
      this.ended = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static async connect(port: number, host = '127.0.0.1'): Promise<WireClient> {
    const socket = connect({ port, host });
    socket.setNoDelay(true);
    await once(socket, 'connect', { signal: AbortSignal.timeout(DEADLINE_MS) });
    return new WireClient(socket);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private async waitFor(done: () => boolean, what: string, timeoutMs = DEADLINE_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (this.ended) throw new Error(`connection closed while waiting for ${what}; got ${JSON.stringify(this.buffer.toString('latin1'))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.buffer.toString('latin1'))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  send(data: string | Uint8Array): void {
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Reads exactly `n` bytes. */
  async read(n: number, timeoutMs?: number): Promise<Buffer> {
    await this.waitFor(() => this.buffer.length >= n, `${n} bytes`, timeoutMs);
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return out;
  }

  /** Reads up to and including `marker`. */
  async readUntil(marker: string): Promise<string> {
    const m = Buffer.from(marker, 'latin1');
    await this.waitFor(() => this.buffer.includes(m), JSON.stringify(marker));
    const end = this.buffer.indexOf(m) + m.length;
    const out = this.buffer.subarray(0, end);
    this.buffer = this.buffer.subarray(end);
    return out.toString('latin1');
  }

  /** Sends `request` and reads exactly as many bytes as `reply` has, returned as latin-1 text. */
  async ask(request: string | Uint8Array, replyLength: number): Promise<string> {
    this.send(request);
    return (await this.read(replyLength)).toString('latin1');
  }

  /** Bytes received and not yet read. */
  get pending(): Buffer {
    return this.buffer;
  }

  async closedByPeer(timeoutMs = DEADLINE_MS): Promise<void> {
    await this.waitFor(() => this.ended, 'close', timeoutMs).catch((err: unknown) => {
      if (!this.ended) throw err;
    });
  }

  get isEnded(): boolean {
    return this.ended;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Sends one datagram and collects `count` reply datagrams. */
export async function udpExchange(port: number, message: string, count = 1, timeoutMs = DEADLINE_MS): Promise<string[]> {
  const socket = createSocket('udp4');
  try {
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const replies: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; got ${JSON.stringify(replies)}`)), timeoutMs);
      socket.on('message', (msg) => {
        replies.push(msg.toString('latin1'));
        if (replies.length >= count) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    socket.send(Buffer.from(message, 'latin1'), port, '127.0.0.1');
    if (count > 0) await done;
    return replies;
  } finally {
    socket.close();
  }
}

/** Sends `silent` (expected to get no reply) and then `probe`; returns the probe's datagram replies (nothing else may arrive first). */
export async function udpSilentThen(port: number, silent: string, probe: string): Promise<string[]> {
  const socket = createSocket('udp4');
  try {
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const replies: string[] = [];
    const got = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out')), DEADLINE_MS);
      socket.on('message', (msg) => {
        replies.push(msg.toString('latin1'));
        clearTimeout(timer);
        resolve();
      });
    });
    socket.send(Buffer.from(silent, 'latin1'), port, '127.0.0.1');
    // Datagrams on loopback keep order: the probe's reply cannot overtake one for `silent`.
    socket.send(Buffer.from(probe, 'latin1'), port, '127.0.0.1');
    await got;
    return replies;
  } finally {
    socket.close();
  }
}

/** Starts a module on ephemeral ports. */
export function startTest(module: SimulatorModule, options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator(module, { ephemeralPorts: true, ...options });
}

/**
 * The simulators and clients one test file starts, so that `afterEach(() => scope.closeAll())` ends them all
 * (clients first, then simulators).
 */
export class SimulatorScope {
  private readonly running: RunningSimulator[] = [];
  private readonly clients: WireClient[] = [];

  /** Starts a module on ephemeral ports. */
  async start(module: SimulatorModule): Promise<RunningSimulator> {
    const sim = await startTest(module);
    this.running.push(sim);
    return sim;
  }

  /** A client on `port`. */
  async client(port: number): Promise<WireClient> {
    const client = await WireClient.connect(port);
    this.clients.push(client);
    return client;
  }

  /** Starts `module` and connects to the listening port of its `row`. */
  async connectTo(module: SimulatorModule, row = 0): Promise<WireClient> {
    const sim = await this.start(module);
    return this.client(sim.rows[row]!.ports.listen!);
  }

  async closeAll(): Promise<void> {
    for (const c of this.clients.splice(0)) c.close();
    await Promise.all(this.running.splice(0).map((s) => s.close()));
  }
}
