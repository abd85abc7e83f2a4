import { expect, test } from 'vitest';
import { TcpTestClient, freePort, startProcess } from '@observatory/test-utils';

// A child server that takes its port on the command line and prints a ready line.
const server = `
  const net = require('node:net');
  net.createServer((s) => s.on('data', (d) => s.write('echo:' + d))).listen(Number(process.argv[1]), '127.0.0.1', () => console.log('ready'));
`;

test('start a child server, wait for its ready line, talk to it over raw TCP', async () => {
  const port = await freePort();
  await using child = startProcess(process.execPath, ['-e', server, String(port)]);
  await child.waitForLine(/ready/, { timeoutMs: 15_000 });

  await using client = await TcpTestClient.connect(port);
  client.send('hello\n');
  expect(await client.readLine()).toBe('echo:hello');
}); // both are closed here: the client first, then the child (by its PID)
