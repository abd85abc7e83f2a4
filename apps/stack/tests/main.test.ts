import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const appDir = fileURLToPath(new URL('..', import.meta.url));
const main = ['--conditions=@observatory/source', '--import', 'tsx', 'src/main.ts'];

describe('stack app', () => {
  it('prints its usage with --help', async () => {
    const { stdout } = await run(process.execPath, [...main, '--help'], { cwd: appDir, timeout: 20000 });
    expect(stdout).toMatch(/^usage: stack/);
    expect(stdout).toContain('--telescope-port');
  });

  it('refuses a bad option with exit code 2 and says why', async () => {
    const failed = await run(process.execPath, [...main, '--telescope', 'big'], { cwd: appDir, timeout: 20000 }).catch((e: unknown) => e as { code: number; stderr: string });
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toContain("--telescope must be mid or low, got 'big'");
  });
});
