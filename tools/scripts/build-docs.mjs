// `npm run docs`: HTML API reference of every published package's public exports (each `exports` subpath, read
// from its TypeScript source), with the repository README and the guides in docs/, into docs-site/.
// Packages are discovered from the workspaces, so a new package appears without editing this file.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { publishedPackages, root, rootManifest } from './workspace.mjs';

const out = join(root, 'docs-site');
const work = join(root, 'tmp', 'typedoc');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

const entryPoints = [];
const include = [];
for (const pkg of publishedPackages()) {
  for (const target of Object.values(pkg.manifest.exports ?? {})) {
    const source = typeof target === 'object' ? target['@observatory/source'] : undefined;
    if (source) entryPoints.push(relative(work, join(pkg.dir, source)));
  }
  if (existsSync(join(pkg.dir, 'src'))) include.push(relative(work, join(pkg.dir, 'src', '**', '*')));
}
writeFileSync(
  join(work, 'tsconfig.json'),
  JSON.stringify({
    extends: relative(work, join(root, 'tsconfig.base.json')),
    compilerOptions: { composite: false, noEmit: true, declaration: false, declarationMap: false, jsx: 'react-jsx', jsxImportSource: 'preact' },
    include,
    exclude: ['../../**/*.test.ts', '../../**/*.test.tsx'],
  }),
);
const guides = readdirSync(join(root, 'docs'))
  .filter((f) => f.endsWith('.md') && f !== 'README.md')
  .map((f) => relative(work, join(root, 'docs', f)));
const options = {
  $schema: 'https://typedoc.org/schema.json',
  name: 'Observatory toolkit',
  entryPoints,
  entryPointStrategy: 'resolve',
  tsconfig: 'tsconfig.json',
  readme: relative(work, join(root, 'README.md')),
  projectDocuments: guides,
  out: relative(work, out),
  excludePrivate: true,
  disableGit: true,
  basePath: relative(work, root),
  sourceLinkTemplate: `${rootManifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '')}/blob/main/{path}#L{line}`,
  ignoredHighlightLanguages: ['mermaid'],
  excludeInternal: true,
  skipErrorChecking: true,
  validation: { notExported: false, invalidLink: true, rewrittenLink: true },
  treatValidationWarningsAsErrors: false,
};
writeFileSync(join(work, 'typedoc.json'), JSON.stringify(options, null, 2));
execFileSync(process.execPath, [join(root, 'node_modules/typedoc/bin/typedoc'), '--options', join(work, 'typedoc.json')], { cwd: work, stdio: 'inherit' });
rmSync(work, { recursive: true, force: true });
console.log(`API reference: ${relative(root, join(out, 'index.html'))} (${entryPoints.length} entry points, ${guides.length} guides)`);
