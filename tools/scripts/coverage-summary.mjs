// After `npm run coverage`: one table of every package's coverage (from its coverage/coverage-summary.json) and
// where the HTML and lcov reports are. The thresholds themselves live in each package's vitest.config.ts.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { publishedPackages, root } from './workspace.mjs';

const rows = [];
for (const pkg of publishedPackages()) {
  const file = join(pkg.dir, 'coverage', 'coverage-summary.json');
  if (!existsSync(file)) continue;
  const total = JSON.parse(readFileSync(file, 'utf8')).total;
  rows.push([pkg.manifest.name, ...['statements', 'branches', 'functions', 'lines'].map((k) => `${total[k].pct}%`), relative(root, join(pkg.dir, 'coverage', 'index.html'))]);
}
const header = ['package', 'statements', 'branches', 'functions', 'lines', 'HTML report (lcov.info beside it)'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
if (rows.length === 0) console.log('no coverage reports found: run `npm run coverage`');
