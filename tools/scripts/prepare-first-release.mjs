// `node tools/scripts/prepare-first-release.mjs [--root DIR] [--lockfile]`: the first step of
// `npm run version-packages`. A published package that has never been released (version 1.0.0 and no
// CHANGELOG.md yet) would get "1.1.0" from `changeset version`, with 1.1.0 as its first changelog entry. This moves
// each such package to the prerelease 1.0.0-0 and every workspace range on it to ^1.0.0-0: any bump of 1.0.0-0
// (patch, minor or major) is 1.0.0, so `changeset version` then writes "## 1.0.0" with all pending changesets and
// rewrites the ranges to ^1.0.0 itself. Once a package has a CHANGELOG.md this leaves it alone, so the script is a
// no-op for every later release. Only the `version` line and the ranges change; the files keep their formatting.
// `--lockfile` refreshes package-lock.json afterwards (version-packages does that after `changeset version`).
// `--root` runs it on a copy of the repository (check-release-notes.mjs).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIRST = '1.0.0';
const PRE = '1.0.0-0';
const DEP_SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

/** The workspace package directories of the repository at `root` (from its `workspaces` globs). */
function packageDirs(root) {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const dirs = [];
  for (const pattern of manifest.workspaces ?? []) {
    const parent = join(root, pattern.replace(/\/\*$/, ''));
    if (!existsSync(parent)) continue;
    for (const name of readdirSync(parent).sort()) if (existsSync(join(parent, name, 'package.json'))) dirs.push(join(parent, name));
  }
  return dirs;
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Moves never-released packages to 1.0.0-0; returns their names. */
export function prepareFirstRelease(root) {
  const packages = packageDirs(root).map((dir) => {
    const file = join(dir, 'package.json');
    return { dir, file, text: readFileSync(file, 'utf8'), manifest: JSON.parse(readFileSync(file, 'utf8')) };
  });
  const first = new Set(
    packages
      .filter((p) => !p.manifest.private && p.manifest.version === FIRST && !existsSync(join(p.dir, 'CHANGELOG.md')))
      .map((p) => p.manifest.name),
  );
  for (const pkg of packages) {
    let text = pkg.text;
    if (first.has(pkg.manifest.name)) text = text.replace(new RegExp(`("version"\\s*:\\s*)"${escape(FIRST)}"`), `$1"${PRE}"`);
    for (const section of DEP_SECTIONS) {
      for (const [dep, range] of Object.entries(pkg.manifest[section] ?? {})) {
        if (!first.has(dep) || range !== `^${FIRST}`) continue;
        text = text.replace(new RegExp(`("${escape(dep)}"\\s*:\\s*)"\\^${escape(FIRST)}"`, 'g'), `$1"^${PRE}"`);
      }
    }
    if (text !== pkg.text) {
      JSON.parse(text); // still JSON
      writeFileSync(pkg.file, text);
    }
  }
  return [...first];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--root');
  const root = at >= 0 ? resolve(args[at + 1]) : fileURLToPath(new URL('../..', import.meta.url));
  const names = prepareFirstRelease(root);
  if (names.length && args.includes('--lockfile')) {
    execFileSync('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  }
  console.log(
    names.length
      ? `prepare-first-release: ${names.length} unreleased package(s) at ${PRE}, so \`changeset version\` releases them as ${FIRST}: ${names.join(', ')}`
      : 'prepare-first-release: every published package has been released before; nothing to do',
  );
}
