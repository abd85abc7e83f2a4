// Flooding client that benchmarks start in its own process (so the measuring process stays idle): writes one
// payload to 127.0.0.1:<port> as fast as the server reads it, discarding replies, until killed. Prints
// `flooding` once connected and the bytes written on SIGTERM.
//   node --import tsx tools/bench/tcp-flood-child.ts <payload> <port>
// Payloads: `fuzz-crlf` (random bytes, about one CRLF per 40 bytes), `fuzz-lf` (random bytes, 2 % LF),
// `status` (pipelined `?status\r\n`), `junk` (64 KiB of `a`, no delimiter). The fuzz is seeded, so every
// run floods the same bytes.
import { once } from 'node:events';
import { connect } from 'node:net';

/** xorshift32: a fixed sequence in [0, 1) per seed. */
function randomFrom(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

function fuzzCrlf(random: () => number): Buffer {
  const chunk = Buffer.allocUnsafe(64 * 1024);
  for (let i = 0; i < chunk.length; i++) {
    if (random() < 0.025 && i + 1 < chunk.length) {
      chunk[i++] = 0x0d;
      chunk[i] = 0x0a;
    } else {
      chunk[i] = Math.floor(random() * 256);
    }
  }
  return chunk;
}

function fuzzLf(random: () => number): Buffer {
  const chunk = Buffer.allocUnsafe(64 * 1024);
  for (let i = 0; i < chunk.length; i++) chunk[i] = random() < 0.02 ? 0x0a : Math.floor(random() * 256);
  return chunk;
}

function payload(kind: string): Buffer[] {
  switch (kind) {
    case 'fuzz-crlf': {
      const random = randomFrom(0x9e3779b9);
      return Array.from({ length: 16 }, () => fuzzCrlf(random));
    }
    case 'fuzz-lf': {
      const random = randomFrom(0x2545f491);
      return Array.from({ length: 16 }, () => fuzzLf(random));
    }
    case 'status':
      return [Buffer.from('?status\r\n'.repeat(7000))];
    case 'junk':
      return [Buffer.alloc(64 * 1024, 0x61)];
    default:
      throw new Error(`tcp-flood-child: unknown payload '${kind}' (fuzz-crlf, fuzz-lf, status, junk)`);
  }
}

const [kind = '', portText = '0'] = process.argv.slice(2);
const chunks = payload(kind);
const socket = connect({ port: Number(portText), host: '127.0.0.1' });
socket.on('error', () => undefined);
socket.on('data', () => undefined);
await once(socket, 'connect');
let bytes = 0;
process.on('SIGTERM', () => {
  process.stdout.write(`${bytes}\n`);
  process.exit(0);
});
process.stdout.write('flooding\n');
for (let i = 0; ; i++) {
  const chunk = chunks[i % chunks.length]!;
  bytes += chunk.length;
  if (!socket.write(chunk)) await once(socket, 'drain');
}
