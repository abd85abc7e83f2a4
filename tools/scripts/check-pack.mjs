// `node tools/scripts/check-pack.mjs [--keep] [package-name...]`: what a user gets from npm, checked before a
// release. Packs every published workspace package (expects `dist/` built: `npm test` builds first; `npm pack`
// and `npm publish` build through `prepack`), then per package:
//   - the packed file list holds LICENSE, README.md and every `main`, `types`, `exports` and `bin` target;
//   - package metadata is complete (package-metadata.mjs), `publint --strict` and `@arethetypeswrong` are clean
//     (CommonJS resolving to ESM is fine: Node 20.19+ require()s ES modules, and our engines floor is above);
//   - the tarball installs alone (with its workspace dependencies' tarballs) in a temp project, where every
//     export imports (ESM) and requires (CommonJS), every bin answers `--version` with the package version, and
//     a tiny TypeScript consumer of every export typechecks.
// Exit 1 with every problem listed. Packages are discovered from the workspaces, so new ones are checked too.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir, availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { checkAll, engineProblems } from './package-metadata.mjs';
import { publishedPackages, root, rootManifest, workspaceClosure } from './workspace.mjs';

const run = promisify(execFile);
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const only = args.filter((a) => !a.startsWith('--'));
const all = publishedPackages();
const packages = only.length ? all.filter((p) => only.includes(p.manifest.name)) : all;
const started = performance.now();
const problems = [];
const fail = (pkg, text) => problems.push(`${pkg.manifest.name}: ${text}`);

for (const line of [...checkAll(), ...(await engineProblems())]) problems.push(`metadata ${line}`);

const work = await mkdtemp(join(tmpdir(), 'observatory-check-pack-'));
try {
  // One npm process packs them all (a workspace dependency's tarball is needed to install a dependent alone).
  const { stdout } = await run(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', work, ...all.flatMap((p) => ['-w', p.rel])],
    { cwd: root, maxBuffer: 64 * 1024 * 1024 },
  );
  const packed = new Map(JSON.parse(stdout).map((r) => [r.name, r]));
  const tarball = (pkg) => join(work, packed.get(pkg.manifest.name).filename);

  for (const pkg of packages) checkFileList(pkg, packed.get(pkg.manifest.name));
  await lintTarballs(packages, tarball);
  await mapLimit(packages, Math.min(2, availableParallelism()), (pkg) => installAlone(pkg, tarball));
} finally {
  if (keep) console.log(`kept ${work}`);
  else await rm(work, { recursive: true, force: true });
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (problems.length) {
  console.error(`check-pack: ${problems.length} problem(s) in ${seconds} s\n  ${problems.join('\n  ')}`);
  process.exitCode = 1;
} else {
  console.log(`check-pack: ${packages.length} packages packed, installed alone, imported, required and typechecked in ${seconds} s`);
}

/** Every file the manifest points at is in the tarball. */
function checkFileList(pkg, result) {
  const files = new Set(result.files.map((f) => f.path));
  const m = pkg.manifest;
  const targets = [];
  const collect = (value) => {
    if (typeof value === 'string') targets.push(value);
    else if (value && typeof value === 'object') {
      for (const [condition, v] of Object.entries(value)) if (condition !== '@observatory/source') collect(v);
    }
  };
  if (m.main) targets.push(m.main);
  if (m.types) targets.push(m.types);
  collect(m.exports);
  collect(typeof m.bin === 'string' ? { [m.name]: m.bin } : m.bin);
  for (const paths of Object.values(m.typesVersions?.['*'] ?? {})) targets.push(...paths);
  for (const target of ['LICENSE', 'README.md', ...targets]) {
    const file = target.replace(/^\.\//, '');
    if (file.includes('*')) {
      const [prefix] = file.split('*');
      if (![...files].some((f) => f.startsWith(prefix))) fail(pkg, `no packed file matches ${target}`);
    } else if (!files.has(file)) fail(pkg, `${target} is missing from the packed files (is dist/ built?)`);
  }
}

/** publint --strict and @arethetypeswrong on the tarballs, in this process (one TypeScript load for all). */
async function lintTarballs(pkgs, tarball) {
  const { publint } = await import('publint');
  const { formatMessage } = await import('publint/utils');
  const attw = await import('@arethetypeswrong/core');
  for (const pkg of pkgs) {
    const data = await readFile(tarball(pkg));
    const { messages, pkg: packedManifest } = await publint({ pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) }, level: 'suggestion', strict: true });
    for (const message of messages) fail(pkg, `publint ${message.type}: ${formatMessage(message, packedManifest, { color: false })}`);
    if (!pkg.manifest.types && !pkg.manifest.exports?.['.']?.types) continue; // an asset package has no types
    const result = await attw.checkPackage(attw.createPackageFromTarballData(new Uint8Array(data)));
    for (const problem of result.problems ?? []) {
      if (problem.kind === 'CJSResolvesToESM') continue;
      fail(pkg, `attw ${problem.kind} (${problem.entrypoint ?? ''} ${problem.resolutionKind ?? ''})`);
    }
  }
}

/** Installs one package's tarball (plus its workspace dependencies' tarballs) into an empty project and uses it. */
async function installAlone(pkg, tarball) {
  const m = pkg.manifest;
  const dir = join(work, `consumer-${m.name.replace(/[@/]/g, '_')}`);
  await mkdir(dir);
  // A user's project as `npm init -y` makes it, allowing the native builds our dependencies need (as the root does).
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'commonjs', allowScripts: rootManifest.allowScripts ?? {} }));
  // Optional peers (e.g. vitest for a conformance subpath) are what a user of that subpath installs too.
  const peers = Object.entries(m.peerDependencies ?? {}).map(([name, range]) => `${name}@${range}`);
  const specs = [tarball(pkg), ...workspaceClosure(pkg, all).map(tarball), ...peers];
  try {
    // Install scripts off: compiling native addons (better-sqlite3, zeromq) for every temp project would take
    // minutes; the repository's own builds of the same versions are linked in below instead.
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--loglevel=error', ...specs], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    await linkNativeBuilds(dir);
  } catch (err) {
    fail(pkg, `npm install of the tarball failed: ${err.stderr || err.message}`);
    return;
  }
  const subpaths = Object.entries(m.exports ?? {})
    .filter(([key, target]) => key !== './package.json' && !key.includes('*') && typeof target === 'object')
    .map(([key]) => (key === '.' ? m.name : `${m.name}/${key.slice(2)}`));
  const node = (file) => run(process.execPath, ['--disable-warning=ExperimentalWarning', file], { cwd: dir });
  if (subpaths.length) {
    await writeFile(join(dir, 'esm.mjs'), subpaths.map((s, i) => `import * as m${i} from '${s}';\nif (Object.keys(m${i}).length === 0) throw new Error('${s}: no exports');`).join('\n'));
    await writeFile(join(dir, 'cjs.cjs'), subpaths.map((s) => `if (Object.keys(require('${s}')).length === 0) throw new Error('${s}: no exports');`).join('\n'));
    for (const file of ['esm.mjs', 'cjs.cjs']) {
      await node(file).catch((err) => fail(pkg, `${file === 'esm.mjs' ? 'import' : 'require'} failed: ${firstLines(err.stderr)}`));
    }
    await typecheckConsumer(pkg, dir, subpaths);
  }
  const bins = typeof m.bin === 'string' ? [m.name.split('/').pop()] : Object.keys(m.bin ?? {});
  for (const bin of bins) {
    try {
      const { stdout } = await run(join(dir, 'node_modules', '.bin', bin), ['--version'], { cwd: dir, env: { ...process.env, NODE_OPTIONS: '' } });
      if (stdout.trim() !== m.version) fail(pkg, `${bin} --version printed '${stdout.trim()}', expected '${m.version}'`);
    } catch (err) {
      fail(pkg, `${bin} --version failed: ${firstLines(err.stderr || err.message)}`);
    }
  }
}

/** Links the root's compiled native addons (`build/`) into a consumer's copies of the same package versions. */
async function linkNativeBuilds(dir) {
  const { readdir, symlink } = await import('node:fs/promises');
  const { existsSync } = await import('node:fs');
  const modules = join(dir, 'node_modules');
  const names = [];
  for (const entry of await readdir(modules)) {
    if (entry.startsWith('@')) for (const sub of await readdir(join(modules, entry))) names.push(`${entry}/${sub}`);
    else if (!entry.startsWith('.')) names.push(entry);
  }
  for (const name of names) {
    const ours = join(root, 'node_modules', name);
    if (!existsSync(join(ours, 'build')) || existsSync(join(modules, name, 'build'))) continue;
    const version = (file) => JSON.parse(readFileSync(file, 'utf8')).version;
    if (version(join(ours, 'package.json')) === version(join(modules, name, 'package.json'))) await symlink(join(ours, 'build'), join(modules, name, 'build'));
  }
}

/** A tiny consumer importing every export typechecks under NodeNext (strict, the libraries' d.ts included). */
async function typecheckConsumer(pkg, dir, subpaths) {
  const tsconfig = {
    compilerOptions: {
      module: 'nodenext',
      moduleResolution: 'nodenext',
      target: 'es2022',
      lib: ['es2023', 'esnext.disposable'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [join(root, 'node_modules/@types')],
    },
    files: ['consumer.mts'],
  };
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  await writeFile(
    join(dir, 'consumer.mts'),
    subpaths.map((s, i) => `import * as m${i} from '${s}';`).join('\n') + `\nexport const modules: object[] = [${subpaths.map((_, i) => `m${i}`).join(', ')}];\n`,
  );
  try {
    await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: dir });
  } catch (err) {
    fail(pkg, `TypeScript consumer does not typecheck: ${firstLines(err.stdout || err.stderr)}`);
  }
}

function firstLines(text = '', n = 6) {
  return String(text).trim().split('\n').slice(0, n).join('\n    ');
}

async function mapLimit(items, limit, fn) {
  const queue = [...items];
  await Promise.all(Array.from({ length: limit }, async () => {
    while (queue.length) await fn(queue.shift());
  }));
}
