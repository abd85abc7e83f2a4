import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTelescopeClient } from '@ska/telescope-simulator';
import { describe, expect, it } from 'vitest';

const project = join(dirname(fileURLToPath(import.meta.url)), 'projects', 'maintain-on');
const require = createRequire(import.meta.url);
const vitestBin = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
// The telescope-sim command (what apps/telescope-sim runs), as a real child process.
const simBin = join(dirname(require.resolve('@ska/telescope-simulator/package.json')), 'bin', 'telescope-sim.js');

/** Starts `telescope-sim --port 0` and resolves once it logged its URL; `stop()` ends it (SIGTERM, then SIGKILL). */
async function startSimProcess(signal: AbortSignal): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--conditions=@observatory/source', '--import', 'tsx', simBin, '--port', '0', '--log-level', 'info'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    signal,
    killSignal: 'SIGKILL',
  });
  child.on('error', () => undefined); // an abort kills it; the test reports the timeout
  const exited = once(child, 'exit');
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited.catch(() => undefined);
    clearTimeout(timer);
  };
  // Keep reading stdout for the child's whole life, so its logging never blocks on a full pipe.
  const lines = createInterface({ input: child.stdout });
  const url = new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      let found: string | undefined;
      try {
        found = (JSON.parse(line) as { url?: string }).url;
      } catch {
        return; // not a JSON log line
      }
      if (found) resolve(found);
    });
    void exited.then(() => reject(new Error('telescope-sim exited without listening')));
  });
  try {
    return { url: await url, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

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
describe('maintain-on over a whole vitest run (child vitest against a telescope-sim process)', { timeout: 60_000 }, () => {
  it('keeps the telescope ON across tests and switches it off once at worker end', async ({ signal }) => {
    const sim = await startSimProcess(signal);
    try {
      const { code, output } = await runProject(sim.url, {}, signal);
      expect(code, output).toBe(0);
      await using client = await createTelescopeClient({ url: sim.url });
      const commands = (await client.getCommandLog()).filter((e) => e.outcome === 'accepted').map((e) => e.command);
      expect(commands).toEqual(['TelescopeOn', 'AssignResources', 'Configure', 'End', 'ReleaseAllResources', 'TelescopeOff']);
    } finally {
      await sim.stop();
    }
  });
});
