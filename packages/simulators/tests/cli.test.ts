import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listSimulators } from '../src/index.js';
import { cli, CliProcess, freeOffset } from './helpers/cli.js';

let stateDir: string;
let env: NodeJS.ProcessEnv;
const processes: CliProcess[] = [];

beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
  env = { ACSDATA: stateDir, DISCOS_SIM_STATE_DIR: stateDir };
});

afterEach(async () => {
  for (const p of processes.splice(0)) {
    p.kill();
    await p.exited;
  }
  rmSync(stateDir, { recursive: true, force: true });
});

function spawnCli(args: string[]): CliProcess {
  const p = new CliProcess(args, env);
  processes.push(p);
  return p;
}

describe('discos-simulator usage', () => {
  it('list names every registered simulator in code-point order', async () => {
    const { code, out } = await cli(['list', '--port-offset', String(await freeOffset())], env);
    expect(code).toBe(0);
    const names = listSimulators();
    expect(names).toEqual([...names].sort());
    for (const mine of ['backend', 'calmux', 'dbesm', 'gaia', 'if_distributor', 'lo', 'mscu', 'solar_attenuator', 'switch_matrix', 'totalpower', 'weather_station']) {
      expect(names).toContain(mine);
    }
    expect(out).toEqual([`Available simulators: ${names.map((n) => `'${n}'`).join(', ')}.`]);
  });

  it('status says when nothing runs', async () => {
    expect(await cli(['status', '--port-offset', String(await freeOffset())], env)).toMatchObject({ code: 0, out: ['No simulator is running.'] });
  });

  it.each([
    [['-s', 'x', 'start'], "System 'x' unavailable."],
    [['-t', 'mistral', 'start'], "The '--type' argument only has to be used in conjunction with the '--system' argument."],
    [
      ['-s', 'calmux', '-t', 'foo', 'start'],
      "System 'calmux' has no configurations other than the default one. Omit the '--type' argument to start the simulator properly.",
    ],
    [['start', '-s', 'lo', '-t', 'foo'], "Configuration 'foo' for system 'lo' not found.\nAvailable configurations for desired simulator:\n'generic_LO', 'w_LO'."],
    [['restart'], "error: argument action: invalid choice: 'restart' (choose from start, stop, status, list)"],
  ])('%j is a usage error', async (args, message) => {
    const { code, err } = await cli(args, env);
    expect(code).toBe(2);
    expect(err.join('\n')).toBe(message);
  });

  it('stop of a simulator that is not running says so', async () => {
    const { out } = await cli(['stop', '-s', 'calmux', '--port-offset', String(await freeOffset())], env);
    expect(out).toEqual(["Simulator 'calmux' is not running."]);
  });
});

describe('discos-simulator start / status / stop', { timeout: 30000 }, () => {
  it('runs in the foreground until stopped from another process', async () => {
    const offset = String(await freeOffset());
    const p = spawnCli(['start', '-s', 'calmux', '--port-offset', offset]);
    await p.waitFor("Simulator 'calmux' up and running.");
    expect(readdirSync(stateDir).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    expect((await cli(['status', '--port-offset', offset], env)).out).toEqual(["Running simulators: 'calmux'."]);
    expect((await cli(['list', '--port-offset', offset], env)).out[1]).toBe("Running simulators: 'calmux'.");
    expect((await cli(['start', '-s', 'calmux', '--port-offset', offset], env)).out).toEqual(["Simulator 'calmux' already running."]);
    expect((await cli(['stop', '-s', 'calmux', '--port-offset', offset], env)).out).toEqual(["Sent stop to 'calmux' simulator."]);
    expect(await p.exited, p.text).toBe(0);
    expect(p.text).toContain("Simulator 'calmux' stopped.");
    expect(readdirSync(stateDir).filter((f) => f.endsWith('.json'))).toHaveLength(0);
    expect((await cli(['status', '--port-offset', offset], env)).out).toEqual(['No simulator is running.']);
  });

  it('Ctrl-C stops cleanly and reports the type name', async () => {
    const offset = String(await freeOffset());
    const p = spawnCli(['-s', 'backend', '-t', 'mistral', 'start', '--port-offset', offset]);
    await p.waitFor("Simulator 'mistral' up and running.");
    expect((await cli(['status', '--port-offset', offset], env)).out).toEqual(["Running simulators: 'mistral'."]);
    p.child.kill('SIGINT');
    expect(await p.exited, p.text).toBe(0);
    expect(p.text).toContain("\n\nSimulator 'mistral' stopped.\n");
  });

  it('--detach returns once up; stop ends the background process', async () => {
    const offset = String(await freeOffset());
    const p = spawnCli(['start', '-s', 'weather_station', '--detach', '--port-offset', offset]);
    expect(await p.exited, p.text).toBe(0);
    expect(p.text).toBe("Simulator 'weather_station' up and running.\n");
    // UDP-only: only the state file knows it runs.
    expect((await cli(['status', '--port-offset', offset], env)).out).toEqual(["Running simulators: 'weather_station'."]);
    expect((await cli(['stop', '--port-offset', offset], env)).out).toContain("Sent stop to 'weather_station' simulator.");
    await vi.waitFor(() => expect(readdirSync(stateDir).filter((f) => f.endsWith('.json'))).toHaveLength(0), { timeout: 5000 });
    // The background process has no terminal: its later lines go to the simulator log.
    await vi.waitFor(() => expect(readFileSync(join(stateDir, 'sim-server.log'), 'utf8')).toContain("Simulator 'weather_station' stopped."), {
      timeout: 5000,
    });
  });
});
