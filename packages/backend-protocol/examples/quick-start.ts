// Serve the simulator backend on a free port, then drive it with the client.
import { BackendClient, BackendProtocolHandler, SimulatorBackend, createBackendServer } from '@discos/backend-protocol';

const server = createBackendServer({
  handler: new BackendProtocolHandler(new SimulatorBackend()),
  port: 0, // a free port; binds 127.0.0.1 by default
});
const { host, port } = await server.listen();

const client = await BackendClient.connect({ host, port });
console.log(`server speaks protocol ${client.serverVersion}`);

await client.setConfiguration('xarcos');
console.log(`configuration: ${await client.getConfiguration()}`);

await client.start(new Date(Date.now() + 100)); // a timed start, 100 ms from now
console.log(`acquiring right after a timed start: ${(await client.status()).acquiring}`);

const reply = await client.request('set-section', [6, '*', '*', '*', '*', '*', '*']);
console.log(`raw reply: ${reply.name},${reply.code},${reply.args.join(',')}`);

await client.close();
await server.close();
