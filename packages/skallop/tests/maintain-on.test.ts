import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTelescopeSimServer } from '@ska/telescope-simulator';
import { describe, expect, it } from 'vitest';

const project = join(dirname(fileURLToPath(import.meta.url)), 'projects', 'maintain-on');
const vitestBin = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

/** Runs the nested project in a child vitest against `url`; resolves with its exit code and output. */
function runProject(url: string, extraEnv: Record<string, string>, signal: AbortSignal): Promise<{ code: number; output: string }> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('VITEST') && !['TEL', 'SKA_TELESCOPE', 'DISABLE_MAINTAIN_ON', 'NODE_OPTIONS'].includes(k)) env[k] = v;
  Object.assign(env, { SKALLOP_SUT_URL: url, OET_READ_VIA_PUBSUB: 'true', NO_COLOR: '1', ...extraEnv });
  return new Promise((resolve) => {
    execFile(process.execPath, [vitestBin, 'run', '--root', project], { env, cwd: project, timeout: 60_000, killSignal: 'SIGKILL', signal }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, output: `${stdout}\n${stderr}` });
    });
  });
}

// The case starts a child vitest (seconds on a loaded machine); the child dies with the test's signal.
// DISABLE_MAINTAIN_ON is covered in process by tests/maintain-on-disabled.test.ts (the variable's parsing in exec-env.test.ts).
describe('maintain-on over a whole vitest run (child process, HTTP simulator)', { timeout: 60_000 }, () => {
  it('keeps the telescope ON across tests and switches it off once at worker end', async ({ signal }) => {
    await using running = await startTelescopeSimServer({ port: 0, readViaPubsub: true });
    const { code, output } = await runProject(running.url, {}, signal);
    expect(code, output).toBe(0);
    const commands = running.simulator.commandLog.filter((e) => e.outcome === 'accepted').map((e) => e.command);
    expect(commands).toEqual(['TelescopeOn', 'AssignResources', 'Configure', 'End', 'ReleaseAllResources', 'TelescopeOff']);
  });
});
