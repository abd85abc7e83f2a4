// The servant answers reads of synchronous attributes in the tick they arrive and goes through the per-device
// queue only for asynchronous ones (T-SRV-1: calls to one device run one at a time). These tests pin both sides:
// mixed sync/async/failing reads keep their order and their per-attribute errors, and a synchronous read that
// arrives while an asynchronous one runs on the same device waits for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceProxy } from '../../src/client/device-proxy.js';
import { ConnectionPool } from '../../src/giop/pool.js';
import { defineDeviceClass } from '../../src/server/device-class.js';
import { DeviceServer } from '../../src/server/device-server.js';

// One device instance in this file: its read functions record here, and the test releases the held slow read.
const s: { log: string[]; release: (() => void) | undefined } = { log: [], release: undefined };

const MixedReads = defineDeviceClass<Record<string, never>>({
  name: 'MixedReads',
  initialState: 'ON',
  create: () => ({}),
  attributes: [
    {
      name: 'fast',
      type: 'DevLong',
      read: () => {
        s.log.push('fast');
        return 1;
      },
    },
    {
      name: 'slow',
      type: 'DevDouble',
      read: async () => {
        s.log.push('slow:start');
        // Held until the test releases it, so the test decides what arrives meanwhile.
        await new Promise<void>((resolve) => (s.release = resolve));
        s.log.push('slow:end');
        return 2.5;
      },
    },
    {
      name: 'broken',
      type: 'DevLong',
      read: () => {
        throw new Error('sync failure');
      },
    },
    {
      name: 'brokenAsync',
      type: 'DevLong',
      read: async () => {
        throw new Error('async failure');
      },
    },
  ],
  commands: [{ name: 'Log', out: 'DevVarStringArray', run: () => s.log.splice(0) }],
});

describe('read paths of the device servant (sync in the same tick, async through the device queue)', () => {
  let server: DeviceServer;
  let pool: ConnectionPool;
  let dev: DeviceProxy;
  let other: DeviceProxy;

  beforeAll(async () => {
    server = new DeviceServer({ executable: 'MixedReads', instance: 'test', devices: [{ deviceClass: MixedReads, name: 'test/mixed/1' }] });
    await server.start();
    pool = new ConnectionPool();
    dev = new DeviceProxy(server.deviceUrl('test/mixed/1'), { pool, timeoutMs: 10_000 });
    // A second connection: the waiting read must not be ordered by the first connection's stream alone.
    other = new DeviceProxy(server.deviceUrl('test/mixed/1'), { timeoutMs: 10_000 });
  });

  afterAll(async () => {
    await dev?.close();
    await other?.close();
    await pool?.close();
    await server?.close();
  });

  /** Waits (bounded) until the slow read function is running. */
  async function slowRunning(): Promise<void> {
    for (let i = 0; i < 500 && !s.release; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  async function releaseSlow(): Promise<void> {
    await slowRunning();
    const release = s.release;
    s.release = undefined;
    expect(release).toBeDefined();
    release!();
  }

  it('reads sync, async and failing attributes in one call, in order, failures as values', async () => {
    const reading = dev.readMany(['fast', 'slow', 'broken', 'brokenAsync', 'fast']);
    await releaseSlow();
    const values = await reading;
    expect(values.map((r) => [r.name, r.error ? r.error.message : r.value])).toEqual([
      ['fast', 1],
      ['slow', 2.5],
      ['broken', expect.stringContaining('sync failure')],
      ['brokenAsync', expect.stringContaining('async failure')],
      ['fast', 1],
    ]);
    expect(await dev.command('Log')).toEqual(['fast', 'slow:start', 'slow:end', 'fast']);
  });

  it('a synchronous read arriving while an asynchronous one runs waits for it (one call per device at a time)', async () => {
    const slow = dev.read('slow');
    // Wait until the slow read function runs, then read `fast` over the other connection.
    await slowRunning();
    const fast = other.read('fast');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(s.log).toEqual(['slow:start']);
    await releaseSlow();
    expect([(await slow).value, (await fast).value]).toEqual([2.5, 1]);
    expect(await dev.command('Log')).toEqual(['slow:start', 'slow:end', 'fast']);
  });

  it('answers state and status in the same way while idle and queues them behind a running read', async () => {
    expect(await dev.state()).toBe('ON');
    const slow = dev.read('slow');
    await slowRunning();
    let stateAnswered = false;
    const st = other.state().then((s) => {
      stateAnswered = true;
      return s;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stateAnswered).toBe(false);
    await releaseSlow();
    expect(await st).toBe('ON');
    await slow;
    await dev.command('Log');
  });
});
