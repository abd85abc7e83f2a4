// `node tools/scripts/check-release-notes.mjs [--show]`: what the next `npm run version-packages` would write,
// checked on a copy of the repository's manifests and pending changesets (the repository is not touched):
//   - prepare-first-release.mjs, then `changeset version`, run in a temp directory;
//   - every published package with pending changesets gets a CHANGELOG.md whose newest entry is its new version
//     and lists the first line of each of its changesets; a package never released before gets exactly 1.0.0;
//   - no workspace range is left on a prerelease (`-0`).
// `--show` prints the changelogs. Run by check-docs (so by `npm test`); importable: `checkReleaseNotes()`.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareFirstRelease } from './prepare-first-release.mjs';
import { root, workspacePackages } from './workspace.mjs';

/** Pending changesets: `{ file, packages: Map<name, bump>, summary }`. */
function pendingChangesets(dir) {
  const out = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
    const text = readFileSync(join(dir, name), 'utf8');
    const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
    if (!m) continue;
    const packages = new Map();
    for (const line of m[1].split('\n')) {
      const p = /^\s*["']?([^"':]+)["']?\s*:\s*(patch|minor|major)\s*$/.exec(line);
      if (p) packages.set(p[1], p[2]);
    }
    out.push({ file: name, packages, summary: m[2].trim().split('\n')[0].trim() });
  }
  return out;
}

export function checkReleaseNotes({ show = false } = {}) {
  const problems = [];
  const work = mkdtempSync(join(tmpdir(), 'observatory-release-notes-'));
  try {
    // The manifests, changelogs and changesets, laid out as in the repository; node_modules is shared.
    cpSync(join(root, 'package.json'), join(work, 'package.json'));
    cpSync(join(root, '.changeset'), join(work, '.changeset'), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'), 'dir');
    const packages = workspacePackages();
    for (const pkg of packages) {
      const to = join(work, pkg.rel);
      mkdirSync(to, { recursive: true });
      cpSync(join(pkg.dir, 'package.json'), join(to, 'package.json'));
      if (existsSync(join(pkg.dir, 'CHANGELOG.md'))) cpSync(join(pkg.dir, 'CHANGELOG.md'), join(to, 'CHANGELOG.md'));
    }
    // The changelog generator asks git which commit added each changeset; a one-commit repository answers.
    const git = (...args) => execFileSync('git', args, { cwd: work, stdio: 'pipe', encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    writeFileSync(join(work, '.gitignore'), 'node_modules\n');
    git('add', '-A');
    git('-c', 'user.name=check', '-c', 'user.email=check@example.invalid', 'commit', '-q', '-m', 'snapshot');

    const changesets = pendingChangesets(join(work, '.changeset'));
    const neverReleased = new Set(packages.filter((p) => !existsSync(join(p.dir, 'CHANGELOG.md'))).map((p) => p.manifest.name));
    prepareFirstRelease(work);
    execFileSync(process.execPath, [join(root, 'node_modules/@changesets/cli/bin.js'), 'version'], { cwd: work, stdio: 'pipe' });

    for (const pkg of packages.filter((p) => !p.manifest.private)) {
      const name = pkg.manifest.name;
      const mine = changesets.filter((c) => c.packages.has(name));
      const dir = join(work, pkg.rel);
      const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
      if (mine.length === 0) continue;
      const file = join(dir, 'CHANGELOG.md');
      if (!existsSync(file)) {
        problems.push(`${name}: ${mine.length} pending changeset(s) but no CHANGELOG.md is written`);
        continue;
      }
      const changelog = readFileSync(file, 'utf8');
      if (show) console.log(`\n===== ${pkg.rel}/CHANGELOG.md\n${changelog}`);
      const newest = /^## (.+)$/m.exec(changelog)?.[1]?.trim();
      if (newest !== version) problems.push(`${name}: the newest changelog entry is ${newest ?? 'missing'}, the new version ${version}`);
      if (neverReleased.has(name) && version !== '1.0.0') problems.push(`${name}: its first release would be ${version}, not 1.0.0`);
      const entry = changelog.split(/^## /m)[1] ?? '';
      for (const c of mine) {
        if (!entry.includes(c.summary)) problems.push(`${name}: the ${version} entry misses .changeset/${c.file} ("${c.summary.slice(0, 60)}")`);
      }
    }
    for (const pkg of packages) {
      const manifest = JSON.parse(readFileSync(join(work, pkg.rel, 'package.json'), 'utf8'));
      for (const section of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
        for (const [dep, range] of Object.entries(manifest[section] ?? {})) {
          if (/-0$/.test(range)) problems.push(`${pkg.rel}: ${section}.${dep} stays on the prerelease range ${range}`);
        }
      }
      if (!manifest.private && /-/.test(manifest.version)) problems.push(`${pkg.rel}: version ${manifest.version} is a prerelease`);
    }
    return { problems, changesets: changesets.length, packages: packages.filter((p) => !p.manifest.private).length };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const { problems, changesets, packages } = checkReleaseNotes({ show: process.argv.includes('--show') });
  if (problems.length) {
    console.error(`check-release-notes: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  } else {
    console.log(`check-release-notes: ${changesets} pending changesets give ${packages} packages a changelog entry each (${relative(root, dirname(fileURLToPath(import.meta.url)))}/prepare-first-release.mjs + changeset version, dry run)`);
  }
}
