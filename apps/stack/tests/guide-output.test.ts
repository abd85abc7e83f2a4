// docs/getting-started.md, run as a reader runs it: every `npx oet …` command block of sections 1–6 runs, in
// order, against the stack `npm start` starts, and every output block the guide shows after a command block (and
// the stack's banner) must match what the commands printed, in shape: the same lines in the same order, with
// times, numbers, ids, URLs and paths abstracted (`shape()`); a guide block may leave lines out (`...`), the
// commands may print more. A fresh stack per part where the guide's reader has a fresh one: sections 1–3 (one
// session, ended by Ctrl-C), section 4 (activities), sections 5–8 (telescope-on.js on a telescope not yet on).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { killCliChildren, repoRoot, runOet, startStackProcess, type StackProcess } from './support/stack-process.js';

const guide = readFileSync(path.join(repoRoot, 'docs/getting-started.md'), 'utf8');

interface Step {
  line: number;
  commands: string[];
  /** The output block shown right after the command block, if any. */
  shown?: string[];
}

/** The fenced blocks of the guide between two headings: `sh` blocks and the plain block that follows each. */
function steps(fromHeading: string, toHeading: string): Step[] {
  const lines = guide.split('\n');
  const start = lines.findIndex((l) => l.startsWith(fromHeading));
  const end = lines.findIndex((l, i) => i > start && l.startsWith(toHeading));
  expect(start, fromHeading).toBeGreaterThanOrEqual(0);
  expect(end, toHeading).toBeGreaterThan(start);
  const blocks: Array<{ line: number; info: string; body: string[]; after: number }> = [];
  for (let i = start; i < end; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const close = lines.findIndex((l, j) => j > i && l.startsWith('```'));
    blocks.push({ line: i + 1, info: open[1]!, body: lines.slice(i + 1, close), after: close + 1 });
    i = close;
  }
  const out: Step[] = [];
  blocks.forEach((block, n) => {
    if (block.info !== 'sh') return;
    const next = blocks[n + 1];
    const adjacent = next && next.info === '' && lines.slice(block.after, next.line - 1).every((l) => l.trim() === '');
    out.push({ line: block.line, commands: block.body.filter((l) => l.trim() && !l.startsWith('#')), shown: adjacent ? next.body : undefined });
  });
  return out;
}

/** A line with what changes from run to run abstracted: times, numbers, URLs, paths, column padding. */
function shape(line: string): string {
  return line
    .replace(/https?:\/\/\S+/g, '<url>')
    .replace(/file:\/\/\S+/g, '<path>')
    .replace(/(?:\.\.\.|…)?\/[\w.\-/…]+/g, '<path>')
    .replace(/\d{4}-\d\d-\d\d(?:[ T]\d\d:\d\d:\d\d(?:\.\d+)?)?/g, '<time>')
    // An SBI's random 8-hex-digit suffix has no decimal digit at all about once in 2,600 runs (`cdeeedcd`).
    .replace(/\b[0-9a-f]{8}\b/g, '<n>')
    .replace(/\b[0-9a-f]*\d[\w.]*/g, '<n>') // numbers, and hex ids such as an SBI's
    .replace(/-{2,}/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The guide's lines, in order, among the printed ones (a subsequence), else the first one missing. */
function firstMissing(shown: string[], printed: string): string | undefined {
  const actual = printed.split('\n').map(shape).filter(Boolean);
  let at = 0;
  for (const line of shown) {
    const want = shape(line);
    if (!want || /^(?:\.\.\.|…)$/.test(want)) continue;
    const found = actual.indexOf(want, at);
    if (found < 0) return line;
    at = found + 1;
  }
  return undefined;
}

/** Runs one guide command (`npx oet …`, `$PWD` the repository) against the stack; the output of both streams. */
async function run(stack: StackProcess, command: string): Promise<string> {
  const words = command.replaceAll('$PWD', repoRoot).split(/\s+/);
  const result = await runOet(stack.oetUrl, words.slice(2), 90_000);
  return result.stdout + result.stderr;
}

const isOet = (command: string): boolean => command.startsWith('npx oet ');

/**
 * A reader types the next block once the previous one has visibly finished; here: once no procedure is busy
 * (an abort script started by `stop` holds the subarray until it completes).
 */
async function settled(stack: StackProcess): Promise<void> {
  await vi.waitFor(
    async () => {
      const all = (await (await fetch(`${stack.oetUrl}/procedures/`)).json()) as Array<{ id: number; state: string }>;
      const busy = all.filter((p) => !['READY', 'COMPLETE', 'FAILED', 'STOPPED', 'UNKNOWN'].includes(p.state));
      if (busy.length) throw new Error(`procedures still busy: ${busy.map((p) => `${p.id} ${p.state}`).join(', ')}`);
    },
    { timeout: 60_000, interval: 100 },
  );
}

async function followGuide(stack: StackProcess, part: Step[]): Promise<number> {
  let compared = 0;
  for (const step of part) {
    if (!step.commands.every(isOet)) continue; // starting the stack, curl, other tools: not run here
    await settled(stack);
    let printed = '';
    for (const command of step.commands) printed += await run(stack, command);
    if (!step.shown) continue;
    compared++;
    const missing = firstMissing(step.shown, printed);
    expect(missing, `docs/getting-started.md:${step.line}: the guide shows a line the commands do not print:\n  ${missing}\nprinted:\n${printed}`).toBeUndefined();
  }
  return compared;
}

describe('docs/getting-started.md: shown outputs are what the commands print', () => {
  let stack: StackProcess | undefined;
  afterEach(async () => {
    killCliChildren();
    await stack?.destroy();
    stack = undefined;
  });

  it('sections 1-3: the banner, observe, describe and list, a failing script, stop with abort, restart', async () => {
    stack = await startStackProcess({}, 60_000);
    const banner = /npm ci && npm start\n```\n[\s\S]*?\n```\n([\s\S]*?)```/.exec(guide)?.[1]?.split('\n');
    expect(banner?.length).toBeGreaterThan(5);
    // The banner follows the `stack ready` line the harness waits for.
    await vi.waitFor(
      () => {
        const printed = stack!.stdout().split('\n').filter((l) => !l.startsWith('{')).join('\n');
        expect(firstMissing(banner!, printed), `the banner of the guide against:\n${printed}`).toBeUndefined();
      },
      { timeout: 15_000, interval: 50 },
    );

    const compared = await followGuide(stack, steps('## 1.', '## 4.'));
    expect(compared).toBeGreaterThanOrEqual(6);
  }, 900_000); // about 25 CLI runs and three observations: minutes on a loaded machine

  it('section 4: scheduling blocks and activities', async () => {
    stack = await startStackProcess({}, 60_000);
    expect(await followGuide(stack, steps('## 4.', '## 5.'))).toBeGreaterThanOrEqual(3);
  }, 600_000);

  it('sections 5-8: the smallest telescope script', async () => {
    stack = await startStackProcess({}, 60_000);
    expect(await followGuide(stack, steps('## 5.', '## 9.'))).toBeGreaterThanOrEqual(1);
  }, 300_000);
});
