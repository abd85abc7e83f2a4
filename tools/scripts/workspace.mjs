// The repository's workspace packages, discovered from the root package.json's `workspaces` globs (so packages
// added later are covered by every check without editing a list).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));

export function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

export const rootManifest = readJson(join(root, 'package.json'));

/** Every workspace package: `{ dir, rel, manifest }`, published ones first in dependency order. */
export function workspacePackages() {
  const found = [];
  for (const pattern of rootManifest.workspaces) {
    const base = pattern.replace(/\/\*$/, '');
    const parent = join(root, base);
    if (!existsSync(parent)) continue;
    for (const name of readdirSync(parent).sort()) {
      const dir = join(parent, name);
      if (!existsSync(join(dir, 'package.json'))) continue;
      found.push({ dir, rel: `${base}/${name}`, manifest: readJson(join(dir, 'package.json')) });
    }
  }
  return found;
}

/** The packages that are published (not `private`), ordered so each comes after its workspace dependencies. */
export function publishedPackages() {
  const all = workspacePackages().filter((p) => !p.manifest.private);
  const byName = new Map(all.map((p) => [p.manifest.name, p]));
  const ordered = [];
  const seen = new Set();
  const visit = (p) => {
    if (seen.has(p.manifest.name)) return;
    seen.add(p.manifest.name);
    for (const dep of Object.keys(p.manifest.dependencies ?? {})) if (byName.has(dep)) visit(byName.get(dep));
    ordered.push(p);
  };
  for (const p of all) visit(p);
  return ordered;
}

/** A package's workspace dependencies (runtime, transitively), itself excluded. */
export function workspaceClosure(pkg, packages = publishedPackages()) {
  const byName = new Map(packages.map((p) => [p.manifest.name, p]));
  const out = new Map();
  const visit = (p) => {
    for (const dep of Object.keys(p.manifest.dependencies ?? {})) {
      const d = byName.get(dep);
      if (d && !out.has(dep)) {
        out.set(dep, d);
        visit(d);
      }
    }
  };
  visit(pkg);
  return [...out.values()];
}
