import { delimiterFramer, TcpClient, TcpServer } from '@observatory/core';

/** A CRLF line server that greets, upper-cases each line, and closes gracefully; and a client talking to it. */
export async function lineServerExample(): Promise<string[]> {
  await using server = new TcpServer({
    framer: delimiterFramer({ delimiter: '\r\n', maxFrameBytes: 1024 }),
    greeting: 'hello\r\n',
    onFrame: (line) => `${line.toString('latin1').toUpperCase()}\r\n`,
  });
  const { port } = await server.listen(); // 127.0.0.1, a free port

  await using client = await TcpClient.connect({
    port,
    framer: delimiterFramer({ delimiter: '\r\n' }),
    expectGreeting: true,
    requestTimeoutMs: 1000,
  });
  const replies = await Promise.all([client.request('status\r\n'), client.request('ping\r\n')]); // pipelined
  return [client.greeting!.toString(), ...replies.map((r) => r.toString())];
}
