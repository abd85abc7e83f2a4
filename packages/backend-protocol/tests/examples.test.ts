import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));

test('examples/quick-start.ts runs and prints what the README shows', async () => {
  const { stdout } = await run(process.execPath, ['--conditions=@observatory/source', '--import', 'tsx', 'examples/quick-start.ts'], {
    cwd: packageDir,
    timeout: 20000,
  });
  expect(stdout).toBe(
    [
      'server speaks protocol 1.4',
      'configuration: xarcos',
      'acquiring right after a timed start: false',
      'raw reply: set-section,fail,backend supports 5 sections',
      '',
    ].join('\n'),
  );
}, 30000);
