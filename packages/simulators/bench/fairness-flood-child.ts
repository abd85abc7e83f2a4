// Flooding client for flood-fairness.ts, in its own process so the measuring process stays idle: writes
// `junk` (64 KiB without CRLF) or `fuzz` (random bytes, 2 % LF) to a port as fast as the server reads it,
// discarding replies, until killed. Prints the bytes written on SIGTERM.
import { once } from 'node:events';
import { connect } from 'node:net';

const [kind = 'junk', portText = '0'] = process.argv.slice(2);
let seed = 0x2545f491;
function random(): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32;
}
function fuzz(): Buffer {
  const chunk = Buffer.allocUnsafe(64 * 1024);
  for (let i = 0; i < chunk.length; i++) chunk[i] = random() < 0.02 ? 0x0a : Math.floor(random() * 256);
  return chunk;
}
const chunks = kind === 'junk' ? [Buffer.alloc(64 * 1024, 0x61)] : Array.from({ length: 16 }, fuzz);
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
