// `npm run bench [-- filter]`: runs every benchmark (tools/bench/NAME.bench.ts and packages/PKG/bench/NAME.ts)
// whose path contains the filter, one after the other, each in its own process with the source condition.
// Files a benchmark starts as its child or worker (NAME-child.ts, NAME-worker.*, helper files) are not benchmarks.
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const filter = process.argv[2] ?? '';
const files: string[] = readdirSync(join(root, 'tools/bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => join(root, 'tools/bench', f));
for (const pkg of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', pkg, 'bench');
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir)) if (f.endsWith('.ts') && !/helper|-child\.ts$|worker/.test(f)) files.push(join(dir, f));
}
let failed = 0;
for (const file of files.filter((f) => relative(root, f).includes(filter))) {
  console.log(`\n=== ${relative(root, file)}`);
  const result = spawnSync(process.execPath, ['--conditions=@observatory/source', '--import', 'tsx', file], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
