// `npm run bench [-- filter]`: runs every benchmark (tools/bench/NAME.bench.ts and packages/PKG/bench/NAME.ts)
// whose path contains the filter, one after the other, each in its own process. tools/bench/ benchmarks import
// the packages by name and measure the built packages (what users install: no source transpiler in the hot
// path), so the packages are built first (nx cache: quick when up to date); a package's own bench/ files run
// against its TypeScript source with the source condition.
// Files a benchmark starts as its child or worker (NAME-child.ts, NAME-worker.*, helper files) are not benchmarks.
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const files: string[] = readdirSync(join(root, 'tools/bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => join(root, 'tools/bench', f));
for (const pkg of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', pkg, 'bench');
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir)) if (f.endsWith('.ts') && !/helper|-child\.ts$|worker/.test(f)) files.push(join(dir, f));
}
const names = files.map((f) => relative(root, f));
const list = names.map((n) => `  ${n}`).join('\n');
const usage = `usage: npm run bench [-- <filter>]

Runs every benchmark whose path contains <filter> (all of them without one), each in its own process, and prints
figures and ratios against a baseline measured in the same run. Benchmarks:
${list}`;

const args = process.argv.slice(2);
const filter = args[0] ?? '';
if (args.includes('--help') || args.includes('-h')) {
  console.log(usage);
} else if (args.length > 1 || filter.startsWith('-')) {
  console.error(`bench: expected at most one filter, got ${args.join(' ')}\n\n${usage}`);
  process.exitCode = 2;
} else {
  const selected = files.filter((f) => relative(root, f).includes(filter));
  if (selected.length === 0) {
    console.error(`bench: no benchmark matches '${filter}'. Benchmarks:\n${list}`);
    process.exitCode = 2;
  } else {
    let failed = 0;
    const builtPackages = (file: string): boolean => relative(root, file).startsWith('tools/bench/');
    if (selected.some(builtPackages)) {
      const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--output-style=static'], { cwd: root, encoding: 'utf8' });
      if (build.status !== 0) {
        console.error(`bench: building the packages failed:\n${build.stdout}${build.stderr}`);
        process.exit(1);
      }
    }
    for (const file of selected) {
      console.log(`\n=== ${relative(root, file)}`);
      const conditions = builtPackages(file) ? [] : ['--conditions=@observatory/source'];
      const result = spawnSync(process.execPath, [...conditions, '--import', 'tsx', file], { stdio: 'inherit', cwd: root });
      if (result.status !== 0) failed++;
    }
    process.exitCode = failed ? 1 : 0;
  }
}
