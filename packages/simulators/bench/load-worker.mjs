// Load generator run in a worker thread, so the simulators (main thread) and the clients use both cores.
// Plain JavaScript: Node 20 workers do not get the tsx loader for a TypeScript entry.
import { connect } from 'node:net';
import { parentPort } from 'node:worker_threads';

function open(port) {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', noDelay: true });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends `count` requests one after another on `socket`, each after the previous reply. */
function drive(socket, job, count, latencies, expected) {
  return new Promise((resolve) => {
    let buffer = '';
    let skip = job.greetingLength;
    let left = count;
    let sentAt = 0n;
    const send = () => {
      sentAt = process.hrtime.bigint();
      socket.write(job.request);
    };
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      if (skip > 0) {
        if (buffer.length < skip) return;
        buffer = buffer.slice(skip);
        skip = 0;
        send();
        return;
      }
      while (buffer.length >= job.replyLength) {
        const reply = buffer.slice(0, job.replyLength);
        buffer = buffer.slice(job.replyLength);
        latencies.push(Number(process.hrtime.bigint() - sentAt) / 1000);
        expected.text ??= reply;
        if (reply !== expected.text) expected.mismatches++;
        left--;
        if (left === 0) {
          socket.destroy();
          resolve();
          return;
        }
        send();
      }
    });
    if (skip === 0) send();
  });
}

async function run(job) {
  const sockets = await Promise.all(Array.from({ length: job.connections }, () => open(job.port)));
  const latencies = [];
  const expected = { text: undefined, mismatches: 0 };
  const start = process.hrtime.bigint();
  await Promise.all(sockets.map((s) => drive(s, job, job.perConnection, latencies, expected)));
  const elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
  latencies.sort((a, b) => a - b);
  return {
    elapsedMs,
    roundTrips: latencies.length,
    p50Us: latencies[Math.floor(latencies.length / 2)] ?? 0,
    p99Us: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
    mismatches: expected.mismatches,
  };
}

parentPort?.on('message', (job) => {
  void run(job).then((result) => parentPort?.postMessage(result));
});
