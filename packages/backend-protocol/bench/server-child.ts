// Benchmark server process: the simulator backend server, or a bare node:net echo server (baseline).
import { createServer } from 'node:net';
import { BackendProtocolHandler, SimulatorBackend, createBackendServer } from '../src/index.js';

const kind = process.argv[2] ?? 'backend';
if (kind === 'echo') {
  const server = createServer({ noDelay: true }, (socket) => {
    socket.on('data', (chunk) => socket.write(chunk));
    socket.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address() as { port: number };
    process.stdout.write(`port ${address.port}\n`);
  });
} else {
  // `backend-unbounded` turns off the per-turn fairness budget (for comparisons in flood-fairness.ts).
  const unbounded = kind === 'backend-unbounded' ? { maxBytesPerTurn: Infinity, maxFramesPerTurn: Infinity } : {};
  const server = createBackendServer({ handler: new BackendProtocolHandler(new SimulatorBackend()), port: 0, ...unbounded });
  const { port } = await server.listen();
  process.stdout.write(`port ${port}\n`);
}
