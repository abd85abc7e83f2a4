// `node tools/scripts/prepare-first-release.mjs`: run ONCE, before the first release, when no one else is editing
// package.json files. Unreleased packages sit at 1.0.0, so `changeset version` would call their first release 1.1.0
// ("1.1.0 - First release of ..."). This moves every published package to the prerelease 1.0.0-0 and every
// workspace range on it to ^1.0.0-0: any bump of 1.0.0-0 (patch, minor or major) is 1.0.0, so the first
// `changeset version` writes "## 1.0.0" with all pending changesets, and rewrites the ranges to ^1.0.0 itself.
// Then `npm install --package-lock-only` refreshes the lockfile (the script runs it).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { publishedPackages, root, workspacePackages } from './workspace.mjs';

const names = new Set(publishedPackages().filter((p) => p.manifest.version === '1.0.0').map((p) => p.manifest.name));
for (const pkg of workspacePackages()) {
  const file = join(pkg.dir, 'package.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  if (names.has(manifest.name)) manifest.version = '1.0.0-0';
  for (const section of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const dep of Object.keys(manifest[section] ?? {})) if (names.has(dep)) manifest[section][dep] = '^1.0.0-0';
  }
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}
execFileSync('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
console.log(`${names.size} packages at 1.0.0-0; the next \`npm run version-packages\` releases them as 1.0.0`);
