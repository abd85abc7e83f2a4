// `node tools/scripts/check-cli-synopses.mjs`: the command synopses shown in package READMEs match the CLIs.
// A README code block that starts with one of its package's bins followed by options (`telescope-sim [--host …]`,
// `npx discos-backend-conformance --host …`) is a synopsis: every `--flag` it shows must appear in that bin's real
// `--help` output (or, for a CLI with subcommands written as `{start,stop}`, in one of theirs). The bins run their
// TypeScript source in a checkout (bin shims), so nothing needs building. The full help texts of `oet` are
// compared verbatim by packages/oet-cli/tests/readme-help.test.ts. Run by check-docs; importable.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { publishedPackages } from './workspace.mjs';

const run = promisify(execFile);

/** Synopsis blocks of a README: `{ bin, line, flags, subcommands }`. */
export function synopses(text, bins) {
  const out = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*```(\w*)/.exec(lines[i]);
    if (!open) continue;
    let end = i + 1;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end])) end++;
    if (!['', 'text', 'sh'].includes(open[1])) {
      i = end;
      continue;
    }
    const first = (lines[i + 1] ?? '').trim().replace(/^npx\s+/, '');
    const bin = bins.find((b) => first.startsWith(`${b} [`) || first.startsWith(`${b} {`) || first.startsWith(`${b} --`));
    if (bin) {
      const body = lines.slice(i + 1, end).filter((l) => !l.trim().startsWith('#')).map((l) => l.replace(/\s#.*$/, '')).join('\n');
      const flags = [...new Set([...body.matchAll(/(?<![\w-])--[a-z][\w-]*/g)].map((m) => m[0]))];
      const subcommands = /\{([\w,-]+)\}/.exec(first)?.[1]?.split(',') ?? [];
      out.push({ bin, line: i + 1, flags, subcommands });
    }
    i = end;
  }
  return out;
}

async function helpOf(script, args) {
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  try {
    const { stdout } = await run(process.execPath, [script, ...args, '--help'], { env, timeout: 120_000 });
    return stdout;
  } catch (err) {
    return `${err.stdout ?? ''}${err.stderr ?? ''}`; // some CLIs print help on stderr or exit non-zero
  }
}

export async function checkCliSynopses() {
  const problems = [];
  let checked = 0;
  const jobs = [];
  for (const pkg of publishedPackages()) {
    const bins = Object.keys(pkg.manifest.bin ?? {}).sort((a, b) => b.length - a.length);
    if (!bins.length) continue;
    const readme = join(pkg.dir, 'README.md');
    let text;
    try {
      text = readFileSync(readme, 'utf8');
    } catch {
      continue;
    }
    for (const synopsis of synopses(text, bins)) {
      const script = join(pkg.dir, pkg.manifest.bin[synopsis.bin]);
      jobs.push(
        (async () => {
          const helps = [await helpOf(script, [])];
          for (const sub of synopsis.subcommands) helps.push(await helpOf(script, [sub]));
          const all = helps.join('\n');
          checked++;
          if (!/usage/i.test(helps[0])) {
            problems.push(`${pkg.rel}/README.md:${synopsis.line}: \`${synopsis.bin} --help\` printed no usage: ${helps[0].trim().slice(0, 300)}`);
            return;
          }
          for (const flag of synopsis.flags) {
            if (!new RegExp(`(?<![\\w-])${flag}(?![\\w-])`).test(all)) {
              problems.push(`${pkg.rel}/README.md:${synopsis.line}: shows ${synopsis.bin} ${flag}, which \`${synopsis.bin} --help\` does not list`);
            }
          }
        })(),
      );
    }
  }
  await Promise.all(jobs);
  return { problems, checked };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { problems, checked } = await checkCliSynopses();
  if (problems.length) {
    console.error(`check-cli-synopses: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  } else {
    console.log(`check-cli-synopses: ${checked} README synopses, every flag they show is in the CLI's --help`);
  }
}
