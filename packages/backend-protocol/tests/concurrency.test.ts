import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
// Raise the soft fd limit for the children (the common default of 1024 is too low for 1000 sockets).
const node = (script: string, args: string[]) => [
  '-c',
  `ulimit -Sn 4096 2>/dev/null || true; exec "${process.execPath}" --conditions=@observatory/source --import tsx ${script} ${args.join(' ')}`,
];

test('1000 concurrent connections (server and clients in child processes) each get the greeting and a correct reply', async () => {
  const server = spawn('sh', node('tests/fixtures/server-process.ts', []), { cwd: packageDir, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    let out = '';
    server.stdout.setEncoding('utf8');
    const port = await new Promise<number>((resolve, reject) => {
      server.stdout.on('data', (d: string) => {
        out += d;
        const m = /port (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    const { stdout: summary } = await run('sh', node('tests/fixtures/concurrency-load.ts', ['127.0.0.1', String(port), '1000']), {
      cwd: packageDir,
      timeout: 60000,
    });
    expect(JSON.parse(summary.trim().split('\n').pop()!)).toEqual({ opened: 1000, greetings: 1000, replies: 1000 });
  } finally {
    const exited = once(server, 'exit');
    server.kill('SIGTERM');
    await exited;
  }
}, 90000);
