// `node tools/scripts/check-cycles.mjs [dir...]`: file-level import cycles in TypeScript sources.
// Nx and project references only see cycles between projects; this reads every module under each workspace
// package's and app's `src/` (or the directories given) and follows relative imports:
//   - static imports and re-exports, `import type` / `export type` included (a type-only cycle still ties the
//     modules together and usually hides a concept that belongs in its own module), and `import()`;
//   - `./x.js` maps to `./x.ts` / `./x.tsx` (NodeNext style), a bare `./x` to x.ts, x.tsx or x/index.ts(x).
// Each strongly connected group of modules is one cycle; one concrete loop through it is printed. Exit 1 if any.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { root, workspacePackages } from './workspace.mjs';

const SOURCE = /\.(m?ts|tsx)$/;

/** Every TypeScript module under `dir` (declaration files and node_modules left out). */
export function sourceFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

/** The module file a relative specifier names, or undefined (a missing file is the typechecker's business). */
export function resolveRelative(fromFile, specifier) {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [];
  if (/\.(m|c)?js$/.test(base)) {
    const stem = base.replace(/\.(m|c)?js$/, '');
    const ext = base.endsWith('.mjs') ? ['.mts'] : base.endsWith('.cjs') ? ['.cts'] : ['.ts', '.tsx'];
    candidates.push(...ext.map((e) => stem + e));
  } else if (SOURCE.test(base)) {
    candidates.push(base);
  } else {
    candidates.push(`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx'));
  }
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

/** Relative import specifiers of one module, type-only and dynamic ones included. */
export function importsOf(text) {
  const info = ts.preProcessFile(text, /* readImportFiles */ true, /* detectJavaScriptImports */ true);
  return info.importedFiles.map((f) => f.fileName).filter((s) => s.startsWith('./') || s.startsWith('../'));
}

/** `Map<file, Set<file>>` over the given modules (edges only between modules of the set). */
export function importGraph(files) {
  const known = new Set(files);
  const graph = new Map();
  for (const file of files) {
    const edges = new Set();
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      const target = resolveRelative(file, spec);
      if (target && known.has(target)) edges.add(target);
    }
    graph.set(file, edges);
  }
  return graph;
}

/** Strongly connected components with a cycle (size > 1, or a module importing itself); Tarjan, iterative. */
export function cyclicComponents(graph) {
  let next = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work = [[start, [...graph.get(start)], 0]];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1];
      const [node, edges] = frame;
      if (frame[2] < edges.length) {
        const to = edges[frame[2]++];
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push([to, [...graph.get(to)], 0]);
        } else if (onStack.has(to)) {
          low.set(node, Math.min(low.get(node), index.get(to)));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(node)));
      }
      if (low.get(node) === index.get(node)) {
        const component = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          component.push(member);
        } while (member !== node);
        if (component.length > 1 || graph.get(node).has(node)) found.push(component.sort());
      }
    }
  }
  return found;
}

/** One loop through a cyclic component, starting and ending at its first module (shortest, by BFS). */
export function loopThrough(graph, component) {
  const members = new Set(component);
  const start = component[0];
  const previous = new Map();
  const queue = [start];
  while (queue.length) {
    const node = queue.shift();
    for (const to of graph.get(node)) {
      if (!members.has(to)) continue;
      if (to === start) {
        const path = [start];
        for (let at = node; at !== start; at = previous.get(at)) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(to)) {
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start, start];
}

/** Cycles in each directory: `[{ dir, modules, loop }]`, paths relative to `dir`. */
export function findCycles(dirs) {
  const cycles = [];
  for (const dir of dirs) {
    const graph = importGraph(sourceFiles(dir));
    for (const component of cyclicComponents(graph)) {
      cycles.push({
        dir,
        modules: component.map((f) => relative(dir, f)),
        loop: loopThrough(graph, component).map((f) => relative(dir, f)),
      });
    }
  }
  return cycles;
}

/** Every workspace package's and app's `src/`. */
export function workspaceSourceDirs() {
  return workspacePackages()
    .map((p) => join(p.dir, 'src'))
    .filter((d) => existsSync(d));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const dirs = args.length ? args.map((a) => resolve(a)) : workspaceSourceDirs();
  const cycles = findCycles(dirs);
  if (cycles.length) {
    const lines = cycles.map((c) => `${relative(root, c.dir) || '.'}: ${c.loop.join(' -> ')}` +
      (c.modules.length > c.loop.length - 1 ? `  (all of: ${c.modules.join(', ')})` : ''));
    console.error(`check-cycles: ${cycles.length} import cycle(s)\n  ${lines.join('\n  ')}`);
    process.exitCode = 1;
  } else {
    console.log(`check-cycles: no import cycles in ${dirs.length} source trees`);
  }
}
