// `node tools/scripts/package-metadata.mjs [--fix]`: every published workspace package carries the release
// metadata npm shows and needs (licence text, author, repository with directory, homepage, bugs, keywords, the
// one Node floor, a prepack build, exports with a `default` condition, typesVersions for subpaths). Without
// --fix it only reports what is wrong (exit 1); --fix writes the missing pieces (a new package: run it once).
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { publishedPackages, root, rootManifest } from './workspace.mjs';

export const AUTHOR = 'The Observatory Toolkit authors';
const repoUrl = rootManifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/** What the manifest of a published package at `rel` must contain; returns [problems, fixed manifest]. */
export function checkManifest(manifest, rel) {
  const problems = [];
  const m = JSON.parse(JSON.stringify(manifest));
  const want = (field, ok, fix) => {
    if (!ok(m[field])) {
      problems.push(field);
      m[field] = fix(m[field]);
    }
  };
  want('license', (v) => v === rootManifest.license, () => rootManifest.license);
  want('author', (v) => v === AUTHOR, () => AUTHOR);
  want(
    'repository',
    (v) => v?.type === 'git' && v.url === rootManifest.repository.url && v.directory === rel,
    () => ({ type: 'git', url: rootManifest.repository.url, directory: rel }),
  );
  want('homepage', (v) => v === `${repoUrl}/tree/main/${rel}#readme`, () => `${repoUrl}/tree/main/${rel}#readme`);
  want('bugs', (v) => v?.url === `${repoUrl}/issues`, () => ({ url: `${repoUrl}/issues` }));
  want('keywords', (v) => Array.isArray(v) && v.length > 0, () => defaultKeywords(m.name));
  want('engines', (v) => v?.node === rootManifest.engines.node, (v) => ({ ...v, node: rootManifest.engines.node }));
  want('scripts', (v) => v?.prepack === 'npm run build' && typeof v.build === 'string', (v) => ({ ...v, prepack: 'npm run build' }));
  // Node 20.19+ can require() an ES module without top-level await, so a `default` condition (after `import`)
  // serves CommonJS consumers too, instead of ERR_PACKAGE_PATH_NOT_EXPORTED.
  // (String targets, such as an asset package's `./dist/*`, need nothing.)
  const exportsOk = Object.values(m.exports ?? {}).every(
    (target) => typeof target !== 'object' || (target.import && target.default === target.import && Object.keys(target).at(-1) === 'default'),
  );
  want('exports', () => exportsOk && m.exports !== undefined, (v) => withDefaultCondition(v ?? {}));
  want('main', (v) => v === m.exports?.['.']?.import, () => m.exports?.['.']?.import);
  // Old `moduleResolution` (node10) ignores `exports`: map each subpath's types for it.
  const subpaths = Object.entries(m.exports ?? {}).filter(([key, t]) => key !== '.' && typeof t === 'object' && t.types);
  const typesVersions = subpaths.length ? { '*': Object.fromEntries(subpaths.map(([key, t]) => [key.slice(2), [t.types]])) } : undefined;
  want('typesVersions', (v) => JSON.stringify(v) === JSON.stringify(typesVersions), () => typesVersions);
  return [problems, orderFields(m)];
}

function withDefaultCondition(exportsField) {
  return Object.fromEntries(
    Object.entries(exportsField).map(([key, target]) => {
      if (typeof target !== 'object') return [key, target];
      const { default: _dropped, ...rest } = target;
      return [key, { ...rest, default: rest.import }];
    }),
  );
}

function defaultKeywords(name) {
  const [scope, base] = name.replace(/^@/, '').split('/');
  return ['observatory', 'radio-telescope', scope, ...base.split('-')].filter((v, i, a) => a.indexOf(v) === i);
}

const ORDER = ['name', 'version', 'description', 'keywords', 'homepage', 'bugs', 'repository', 'license', 'author', 'type', 'main', 'exports', 'bin', 'types', 'typesVersions', 'files'];

function orderFields(m) {
  const out = {};
  for (const key of ORDER) if (m[key] !== undefined) out[key] = m[key];
  for (const [key, value] of Object.entries(m)) if (!(key in out) && value !== undefined) out[key] = value;
  return out;
}

/** Problems of every published package (LICENSE included); with `fix`, writes the corrections. */
export function checkAll({ fix = false, skip = [] } = {}) {
  const licence = readFileSync(join(root, 'LICENSE'), 'utf8');
  const report = [];
  for (const pkg of publishedPackages()) {
    if (skip.includes(pkg.manifest.name)) continue;
    const [problems, fixed] = checkManifest(pkg.manifest, pkg.rel);
    const licenceFile = join(pkg.dir, 'LICENSE');
    if (!existsSync(licenceFile) || readFileSync(licenceFile, 'utf8') !== licence) {
      problems.push('LICENSE file');
      if (fix) copyFileSync(join(root, 'LICENSE'), licenceFile);
    }
    problems.push(...binProblems(pkg));
    if (fix && problems.some((p) => p !== 'LICENSE file' && !p.startsWith('bin '))) writeFileSync(join(pkg.dir, 'package.json'), `${JSON.stringify(fixed, null, 2)}\n`);
    if (problems.length) report.push(`${pkg.rel}: ${problems.join(', ')}`);
  }
  return report;
}

/** Every bin is the shared shim (one rule: source in a checkout, dist/ when installed) for an existing entry. */
function binProblems(pkg) {
  const template = readFileSync(join(root, 'tools/scripts/bin-shim.template.js'), 'utf8');
  const bins = typeof pkg.manifest.bin === 'string' ? { [pkg.manifest.name]: pkg.manifest.bin } : (pkg.manifest.bin ?? {});
  const out = [];
  for (const [name, target] of Object.entries(bins)) {
    const file = join(pkg.dir, target);
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const entry = /^const entry = '([^']+)';$/m.exec(text)?.[1];
    if (!entry || text !== template.replace('__ENTRY__', entry)) out.push(`bin ${name} is not tools/scripts/bin-shim.template.js`);
    else if (!existsSync(join(pkg.dir, 'src', `${entry}.ts`))) out.push(`bin ${name} runs src/${entry}.ts, which does not exist`);
  }
  return out;
}

/**
 * Installed packages whose `engines.node` rejects our floor: each makes `npm ci` print EBADENGINE. Optional ones
 * are skipped by npm without a warning, so they do not count.
 */
export async function engineProblems() {
  const { default: semver } = await import('semver');
  const floor = semver.minVersion(rootManifest.engines.node).version;
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  return Object.entries(lock.packages)
    .filter(([, meta]) => meta.engines?.node && !meta.optional && !semver.satisfies(floor, meta.engines.node))
    .map(([path, meta]) => `${path.replace(/^.*node_modules\//, '')}@${meta.version} needs node ${meta.engines.node}, our floor is ${floor} (pin it in the root overrides)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const fix = process.argv.includes('--fix');
  const skip = process.argv.slice(2).filter((a) => a.startsWith('--skip=')).map((a) => a.slice('--skip='.length));
  const report = [...checkAll({ fix, skip }), ...(await engineProblems())];
  if (report.length === 0) console.log('package metadata: every published package is complete');
  else if (fix) console.log(`package metadata: fixed\n  ${report.join('\n  ')}`);
  else {
    console.error(`package metadata incomplete (run: node tools/scripts/package-metadata.mjs --fix)\n  ${report.join('\n  ')}`);
    process.exitCode = 1;
  }
}
