import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/index.js';
import { collector, runOet } from './support/harness.js';

const README = new URL('../README.md', import.meta.url);
const BLOCK = /<!-- help: (oet(?: [a-z-]+)*) -->\n```text\n([\s\S]*?)```\n/g;

/** Every visible command path: `oet`, `oet procedure`, `oet procedure create`, … */
function commandPaths(): string[] {
  const io = { stdout: collector(), stderr: collector(), env: {} };
  const paths: string[] = [];
  const walk = (command: Command, prefix: string[]) => {
    const path = [...prefix, command.name()];
    paths.push(path.join(' '));
    for (const sub of command.commands) {
      // hidden: the flat OET 6 aliases, documented as "Older forms"
      if (!(sub as unknown as { _hidden?: boolean })._hidden) walk(sub, path);
    }
  };
  walk(buildProgram(io), []);
  return paths;
}

async function helpOf(path: string): Promise<string> {
  const run = await runOet([...path.split(' ').slice(1), '--help']);
  expect(run.code).toBe(0);
  return run.stdout;
}

describe('README help blocks', () => {
  it('match the real --help output of every command (UPDATE_README=1 rewrites them)', async () => {
    let readme = readFileSync(README, 'utf8');
    const documented = [...readme.matchAll(BLOCK)].map((m) => m[1]!);
    expect([...documented].sort()).toEqual(commandPaths().sort());

    if (process.env.UPDATE_README === '1') {
      const helps = new Map<string, string>();
      for (const path of documented) helps.set(path, await helpOf(path));
      readme = readme.replace(BLOCK, (_all, path: string) => `<!-- help: ${path} -->\n\`\`\`text\n${helps.get(path)}\`\`\`\n`);
      writeFileSync(README, readme);
    }
    for (const [, path, block] of readFileSync(README, 'utf8').matchAll(BLOCK)) {
      expect(block, `README help of "${path}"`).toBe(await helpOf(path!));
    }
  });
});
