import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const appDir = fileURLToPath(new URL('..', import.meta.url));

describe('oet-rest app', () => {
  it('prints its usage with --help', async () => {
    const { stdout } = await run(process.execPath, ['--conditions=@observatory/source', '--import', 'tsx', 'src/main.ts', '--help'], {
      cwd: appDir,
      timeout: 20000,
    });
    expect(stdout).toMatch(/^usage: oet-rest/);
  });
});
