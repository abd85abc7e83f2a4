import { Publisher, XPublisher } from 'zeromq';
import { afterEach, describe, expect, it } from 'vitest';
import { ZmqEventReceiver, decodeZmqCallInfo, encodeZmqCallInfo, type ReceivedEvent } from '../src/index.js';
import { freePort } from '../src/testing/index.js';
import { loadVectors } from './support/vectors.js';

const vectors = loadVectors();
const change = vectors.zmq.find((z) => z.frames.length === 4 && Buffer.from(z.frames[0]!, 'hex').toString().endsWith('double_scalar.idl5_change'))!;
const frames = change.frames.map((h) => Buffer.from(h, 'hex'));
const topic = frames[0]!.toString('latin1');
const channel = 'tango://127.0.0.1:10001/dserver/tangotest/test';

function withCtr(ctr: number): Buffer[] {
  const info = decodeZmqCallInfo(frames[2]!, true);
  return [frames[0]!, frames[1]!, encodeZmqCallInfo({ ...info, ctr }), frames[3]!];
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('ZmqEventReceiver with a real ZeroMQ publisher (T-EVT-3)', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  async function setup(): Promise<{ pub: Publisher; endpoint: string; receiver: ZmqEventReceiver; got: ReceivedEvent[] }> {
    const pub = new Publisher({ linger: 0 });
    const endpoint = `tcp://127.0.0.1:${await freePort()}`;
    await pub.bind(endpoint);
    cleanup.push(() => pub.close());
    const receiver = new ZmqEventReceiver();
    cleanup.push(() => receiver.close());
    const got: ReceivedEvent[] = [];
    receiver.addTopic(endpoint, topic, (e) => got.push(e));
    receiver.addHeartbeat(endpoint, channel);
    // A slow joiner: publish heartbeats until the subscription is live.
    const before = receiver.lastHeartbeat(endpoint, channel)!;
    const hb = [Buffer.from(`${channel}.heartbeat`), Buffer.from([1]), encodeZmqCallInfo({ version: 1, ctr: 0, method_name: '', oid: new Uint8Array(), call_is_except: false })];
    await waitFor(() => {
      void pub.send(hb);
      return receiver.lastHeartbeat(endpoint, channel)! > before;
    }, 'the subscription to be live');
    return { pub, endpoint, receiver, got };
  }

  it('decodes events, drops the duplicated first event and reports counter gaps', async () => {
    const { pub, got } = await setup();
    await pub.send([Buffer.from('I like beer')]);
    for (const ctr of [1, 1, 2, 5]) await pub.send(withCtr(ctr));
    await waitFor(() => got.length >= 3, 'three events');
    expect(got.map((e) => [e.ctr, e.missed])).toEqual([
      [1, 0],
      [2, 0],
      [5, 2],
    ]);
    expect(got[0]!.payload.kind).toBe('AttributeValue_5');
  });

  it('matches heartbeats with and without the nodb suffix (cppTango 9.3.4 channel mismatch)', async () => {
    const { pub, endpoint, receiver } = await setup();
    const t0 = receiver.lastHeartbeat(endpoint, channel)!;
    await waitFor(() => {
      void pub.send([Buffer.from(`${channel}#dbase=no.heartbeat`), Buffer.from([1]), frames[2]!]);
      return receiver.lastHeartbeat(endpoint, channel)! > t0;
    }, 'a #dbase=no heartbeat');
  });

  it('joined() waits for the connection to the publisher, so a subscriber can tell when events can reach it', async () => {
    const receiver = new ZmqEventReceiver();
    cleanup.push(() => receiver.close());
    const endpoint = `tcp://127.0.0.1:${await freePort()}`;
    receiver.addTopic(endpoint, topic, () => undefined);
    // Nobody publishes there yet: a short wait gives up, a long one is still pending when the publisher appears.
    expect(await receiver.joined(endpoint, 100)).toBe(false);
    let settled: boolean | undefined;
    const waiting = receiver.joined(endpoint, 10_000).then((joined) => (settled = joined));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(settled).toBeUndefined();
    const pub = new Publisher({ linger: 0 });
    cleanup.push(() => pub.close());
    await pub.bind(endpoint);
    expect(await waiting).toBe(true);
    // Connected: answered at once. An endpoint without a socket has nothing to join.
    expect(await receiver.joined(endpoint, 1)).toBe(true);
    expect(await receiver.joined('tcp://127.0.0.1:1', 1)).toBe(false);
    // A wait still pending when the receiver closes ends with false, not at its timeout.
    const elsewhere = `tcp://127.0.0.1:${await freePort()}`;
    receiver.addTopic(elsewhere, topic, () => undefined);
    const pending = receiver.joined(elsewhere, 60_000);
    const t0 = Date.now();
    await receiver.close();
    expect(await pending).toBe(false);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('an undecodable event is dropped and counted, later events still arrive', async () => {
    const { pub, got, receiver } = await setup();
    await pub.send([frames[0]!, frames[1]!, frames[2]!, Buffer.from('c0dec0de0500', 'hex')]);
    await pub.send(withCtr(9));
    await waitFor(() => got.length >= 1, 'the good event');
    expect(receiver.decodeErrors).toBe(1);
    expect(got[0]!.ctr).toBe(9);
  });

  describe('idle endpoint sockets (re-subscribing after the last topic went)', () => {
    /** An XPUB tells us when a (un)subscription reached the publisher: first byte 1 = subscribe, 0 = unsubscribe. */
    async function xpub(): Promise<{ pub: XPublisher; endpoint: string; next: (kind: 0 | 1) => Promise<string> }> {
      const pub = new XPublisher({ linger: 0 });
      const endpoint = `tcp://127.0.0.1:${await freePort()}`;
      await pub.bind(endpoint);
      cleanup.push(() => pub.close());
      const next = async (kind: 0 | 1): Promise<string> => {
        const deadline = Date.now() + 5000;
        for (;;) {
          const left = deadline - Date.now();
          if (left <= 0) throw new Error(`timed out waiting for a ${kind ? 'subscription' : 'unsubscription'}`);
          pub.receiveTimeout = left;
          const [msg] = await pub.receive();
          if (msg![0] === kind) return msg!.subarray(1).toString('latin1');
        }
      };
      return { pub, endpoint, next };
    }

    it('reuses the connected socket, so the first event after re-subscribing arrives', async () => {
      const { pub, endpoint, next } = await xpub();
      const receiver = new ZmqEventReceiver();
      cleanup.push(() => receiver.close());
      const got: ReceivedEvent[] = [];
      const handler = (e: ReceivedEvent): void => void got.push(e);
      receiver.addTopic(endpoint, topic, handler);
      expect(await next(1)).toBe(topic);
      receiver.removeTopic(endpoint, topic, handler);
      expect(await next(0)).toBe(topic);
      expect(receiver.openSockets).toBe(1);

      receiver.addTopic(endpoint, topic, handler);
      expect(receiver.socketsOpened).toBe(1);
      expect(await next(1)).toBe(topic);
      // Sent exactly once: with a fresh connection this is the message the slow joiner loses.
      await pub.send(withCtr(3));
      await waitFor(() => got.length > 0, 'the event after re-subscribing');
      expect(got.map((e) => e.ctr)).toEqual([3]);
    });

    it('closes an idle socket after the grace period, and at once with idleSocketMs 0', async () => {
      const { endpoint, next } = await xpub();
      const handler = (): void => undefined;
      const graceful = new ZmqEventReceiver({ idleSocketMs: 50 });
      cleanup.push(() => graceful.close());
      graceful.addTopic(endpoint, topic, handler);
      await next(1);
      graceful.removeTopic(endpoint, topic, handler);
      await waitFor(() => graceful.openSockets === 0, 'the idle socket to close');

      const eager = new ZmqEventReceiver({ idleSocketMs: 0 });
      cleanup.push(() => eager.close());
      eager.addTopic(endpoint, topic, handler);
      eager.removeTopic(endpoint, topic, handler);
      expect(eager.openSockets).toBe(0);
    });

    it('close() closes idle sockets and is idempotent', async () => {
      const { endpoint } = await xpub();
      const receiver = new ZmqEventReceiver();
      const handler = (): void => undefined;
      receiver.addTopic(endpoint, topic, handler);
      receiver.removeTopic(endpoint, topic, handler);
      expect(receiver.openSockets).toBe(1);
      await receiver.close();
      await receiver.close();
      expect(receiver.openSockets).toBe(0);
    });
  });
});
