// `node tools/scripts/check-docs.mjs [--external]`: the documentation's links and examples, offline.
//   - every Markdown file in the repository (tracked or new, not ignored): each relative link names a file or
//     directory that exists, and each #anchor a heading of the target (GitHub's slugs); external links are
//     counted (listed with --external), never fetched;
//   - a published package's README is also read on npm, where only the package's own files exist: links to
//     anything outside the package must be absolute repository URLs;
//   - a README table whose first column lists files (`name.ext`) of its directory lists each existing file, and
//     every file of those extensions there (docs drift: a new example script must be described);
//   - fenced TypeScript blocks marked as examples (```ts example) are typechecked together against the
//     workspace's sources (tsconfig.base.json, so imports of our packages resolve as in the repository);
//   - reference ids cited in sources and tests exist in docs/reference/, and no file cites an external spec's
//     section numbers (check-reference-ids.mjs);
//   - the changelogs the next `npm run version-packages` would write (check-release-notes.mjs, a dry run);
//   - every `--flag` a package README's command synopsis shows is in that bin's `--help` (check-cli-synopses.mjs).
// Exit 1 with every problem listed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkCliSynopses } from './check-cli-synopses.mjs';
import { checkReferenceIds } from './check-reference-ids.mjs';
import { checkReleaseNotes } from './check-release-notes.mjs';
import { publishedPackages, root, rootManifest } from './workspace.mjs';

const started = performance.now();
const problems = [];
const external = new Set();
const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '--', '*.md'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && existsSync(join(root, f)) && !f.includes('node_modules/') && !f.startsWith('.changeset/'));
const packageDirs = publishedPackages().map((p) => p.dir + sep);
const examples = [];
const headingCache = new Map();

for (const file of files) checkFile(file);
if (examples.length) typecheckExamples();
const reference = checkReferenceIds();
problems.push(...reference.problems);
const releaseNotes = checkReleaseNotes();
problems.push(...releaseNotes.problems.map((p) => `release notes: ${p}`));
const cli = await checkCliSynopses();
problems.push(...cli.problems);

const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (process.argv.includes('--external')) console.log([...external].sort().join('\n'));
if (problems.length) {
  console.error(`check-docs: ${problems.length} problem(s) in ${files.length} Markdown files (${seconds} s)\n  ${problems.join('\n  ')}`);
  process.exitCode = 1;
} else {
  console.log(
    `check-docs: ${files.length} Markdown files, every internal link and anchor resolves, ${examples.length} example blocks typecheck; ${reference.citations} reference-id citations resolve; ${releaseNotes.changesets} changesets make changelogs; ${cli.checked} CLI synopses match --help; ${external.size} external links not fetched (--external lists them) (${seconds} s)`,
  );
}

/** The Markdown without fenced code blocks and inline code (links there are not links), with line numbers kept. */
function proseLines(text) {
  let fence = null;
  return text.split('\n').map((line) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line);
    if (marker) {
      if (fence === null) fence = marker[1];
      else if (marker[1].startsWith(fence[0]) && marker[1].length >= fence.length) fence = null;
      return '';
    }
    return fence === null ? line.replace(/`[^`]*`/g, '') : '';
  });
}

function checkFile(file) {
  const abs = join(root, file);
  const text = readFileSync(abs, 'utf8');
  const owner = packageDirs.find((dir) => abs.startsWith(dir));
  proseLines(text).forEach((line, i) => {
    for (const match of line.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|href="([^"]+)"/g)) {
      checkLink(file, i + 1, match[1] ?? match[2], owner);
    }
  });
  collectExamples(file, text);
  if (file.endsWith('README.md')) checkInventory(file, text);
  // The Node floor is stated once (root engines); prose that names a Node 20 version must name that one.
  const floor = rootManifest.engines.node.replace(/^>=\s*/, '');
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/Node(?:\.js)?\s*(?:(?:>=|≥)\s*(20\.\d+(?:\.\d+)?)|(20\.\d+(?:\.\d+)?)\+?\s+or\s+(?:newer|later))/g)) {
      const stated = m[1] ?? m[2];
      if (stated !== floor) problems.push(`${file}:${i + 1}: says Node ${stated}; the floor is ${floor} (package.json engines)`);
    }
  });
}

/** A table of `file.ext` rows in a README names exactly the files with those extensions in its directory. */
function checkInventory(file, text) {
  const listed = [];
  for (const line of proseLines(text.replace(/`([^`\n]+)`/g, '\uE000$1\uE000'))) {
    const m = /^\|\s*\uE000([\w.-]+\.(\w+))\uE000\s*\|/.exec(line);
    if (m) listed.push(m[1]);
  }
  if (listed.length < 2) return;
  const dir = dirname(join(root, file));
  const exts = new Set(listed.map((f) => f.slice(f.lastIndexOf('.'))));
  for (const name of listed) if (!existsSync(join(dir, name))) problems.push(`${file}: lists ${name}, which does not exist`);
  for (const name of readdirSync(dir)) {
    if (exts.has(name.slice(name.lastIndexOf('.'))) && !listed.includes(name) && name !== 'README.md') {
      problems.push(`${file}: ${name} is not described in its table`);
    }
  }
}

function checkLink(file, line, target, owner) {
  const where = `${file}:${line}`;
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
    external.add(target);
    return;
  }
  const [pathPart, anchor] = target.split('#');
  const base = join(root, file);
  const resolved = pathPart ? resolve(dirname(base), decodeURIComponent(pathPart)) : base;
  if (!resolved.startsWith(root)) return problems.push(`${where}: ${target} points outside the repository`);
  if (!existsSync(resolved)) return problems.push(`${where}: ${target} does not exist`);
  if (owner && file.endsWith('README.md') && dirname(base) + sep === owner && !(resolved + sep).startsWith(owner)) {
    problems.push(`${where}: ${target} leaves the package, so it is broken on npm; link to the repository with an absolute URL`);
  }
  if (anchor && statSync(resolved).isFile() && resolved.endsWith('.md') && !headings(resolved).has(anchor.toLowerCase())) {
    problems.push(`${where}: no heading #${anchor} in ${relative(root, resolved)}`);
  }
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
function headings(file) {
  if (headingCache.has(file)) return headingCache.get(file);
  const seen = new Map();
  const anchors = new Set();
  let fence = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (/^\s*(`{3,}|~{3,})/.test(line)) fence = !fence;
    const m = !fence && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const slug = m[1]
      .replace(/<[^>]+>/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n ? `${slug}-${n}` : slug);
  }
  for (const m of readFileSync(file, 'utf8').matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(m[1].toLowerCase());
  headingCache.set(file, anchors);
  return anchors;
}

function collectExamples(file, text) {
  const re = /^([ \t]*)(`{3,})(ts|typescript)[ \t]+example[^\n]*\n([\s\S]*?)^\1\2[ \t]*$/gm;
  for (const m of text.matchAll(re)) {
    const line = text.slice(0, m.index).split('\n').length;
    const body = m[4].split('\n').map((l) => l.slice(m[1].length)).join('\n');
    examples.push({ where: `${file}:${line}`, body });
  }
}

/** Every example block as a module of its own, typechecked in one tsc run. */
function typecheckExamples() {
  const dir = join(root, 'tmp', 'docs-examples');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const names = examples.map((ex, i) => {
    const name = `example-${i}.mts`;
    // `export {}` keeps each block a module even when it has no import.
    writeFileSync(join(dir, name), `${ex.body}\nexport {};\n`);
    return name;
  });
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { noEmit: true, composite: false, declaration: false, declarationMap: false, noUnusedLocals: false }, files: names }),
  );
  try {
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: root, encoding: 'utf8' });
  } catch (err) {
    for (const line of String(err.stdout).split('\n')) {
      const m = /example-(\d+)\.mts\((\d+),\d+\): (.*)/.exec(line);
      if (m) {
        const ex = examples[Number(m[1])];
        const [file, start] = ex.where.split(':');
        problems.push(`${file}:${Number(start) + Number(m[2])}: example does not typecheck: ${m[3]}`);
      } else if (line.trim()) problems.push(`examples: ${line.trim()}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
