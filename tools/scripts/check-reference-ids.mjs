// `node tools/scripts/check-reference-ids.mjs`: the reference ids cited in the repository exist in docs/reference/.
//   - every id a source file, test, script or benchmark cites (`D-BACKEND-ROW-51`, `O-DIFF-9`, `T-IOP-3`, …) is
//     defined by a table row of docs/reference/*.md (a trailing letter names an extra case of its row: `…-45f`);
//   - every row of the backend conformance vectors (`row: '25b'` in vectors.ts) has its `D-BACKEND-ROW-` entry;
//   - no file cites a section, row or difference number of a specification outside the repository (`§3`, `spec
//     §8.2`, `deliberate difference D9`): those documents are not here, so a reader cannot look them up.
// Run by check-docs (so by `npm test`); exit 1 with every problem listed. Also importable: `checkReferenceIds()`.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { root } from './workspace.mjs';

const REFERENCE_DIR = 'docs/reference';
const VECTORS = 'packages/backend-protocol/src/conformance/vectors.ts';
const SOURCE = /\.(?:[cm]?[jt]sx?|py|sh)$/;
/** `<system letter>-<TABLE>[-<TABLE>]-<n>[letter]`: D DISCOS, O OET, S skallop, T Tango. */
export const ID = /\b[DOST]-[A-Z]+(?:-[A-Z]+)?-\d+[a-z]?\b/g;
/** Citations of an external specification's numbering. */
const EXTERNAL = [
  { pattern: /§\s?\d/, what: 'a section (§N) of a specification outside the repository' },
  { pattern: /\bspec(?:'s)?\s+(?:section|row|item|table)\s+\d/i, what: "a spec's section/row number" },
  { pattern: /\b(?:deliberate\s+difference|Decision)\s+D\d+\b/i, what: 'a difference number (DN) of an external spec' },
  { pattern: /\bspec'?s?\s+vectors?\s+\d/i, what: "a spec's vector number" },
  {
    // Test names that start with a bare number of an external table: 'row 23: …', '(13, 30) …', '5. …', '25: …'.
    pattern: /\b(?:it|test|describe)(?:\.\w+)*\(\s*['"`](?:\(\d|\d+[.:]\s|row \d|row \$\{)/,
    what: 'a numbered row or behaviour of an external spec in a test name',
  },
];

/** Ids defined by the reference files: first-column cells of table rows, with `A-1` – `A-4` ranges expanded. */
export function definedIds(markdownByFile) {
  const ids = new Map();
  for (const [file, text] of markdownByFile) {
    for (const line of text.split('\n')) {
      if (!line.startsWith('|')) continue;
      const first = line.split('|')[1] ?? '';
      const range = /`([A-Z]-[A-Z-]+-)(\d+)`\s*[–-]\s*`\1(\d+)`/.exec(first);
      if (range) {
        for (let n = Number(range[2]); n <= Number(range[3]); n++) ids.set(`${range[1]}${n}`, file);
        continue;
      }
      for (const m of first.matchAll(/`([^`]+)`/g)) if (new RegExp(`^${ID.source}$`).test(m[1])) ids.set(m[1], file);
    }
  }
  return ids;
}

/** Every id cited in `text`, with its 1-based line. */
export function citedIds(text) {
  const found = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(ID)) found.push({ id: m[0], line: i + 1 });
  });
  return found;
}

/** External-spec citations in `text` (source files: every line; Markdown: lines that name a spec). */
export function externalCitations(text, { markdown = false } = {}) {
  const found = [];
  text.split('\n').forEach((line, i) => {
    if (markdown && !/\bspecs?\b|shared\/specs/i.test(line)) return;
    for (const { pattern, what } of EXTERNAL) if (pattern.test(line)) found.push({ line: i + 1, what, text: line.trim() });
  });
  return found;
}

export function checkReferenceIds() {
  const problems = [];
  const referenceFiles = readdirSync(join(root, REFERENCE_DIR)).filter((f) => f.endsWith('.md'));
  const defined = definedIds(referenceFiles.map((f) => [f, readFileSync(join(root, REFERENCE_DIR, f), 'utf8')]));
  const resolves = (id) => defined.has(id) || defined.has(id.replace(/[a-z]$/, ''));

  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '--', 'packages', 'apps', 'tools', 'docs', '*.md'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => f && !/(^|\/)(node_modules|dist|out-tsc|coverage)\//.test(f) && existsSync(join(root, f)));
  const self = relative(root, fileURLToPath(import.meta.url));
  let citations = 0;
  let scanned = 0;
  for (const file of new Set(files)) {
    const markdown = file.endsWith('.md');
    if (file === self || (!markdown && !SOURCE.test(file)) || file.startsWith('.changeset/')) continue;
    const text = readFileSync(join(root, file), 'utf8');
    scanned++;
    if (!markdown || !file.startsWith(`${REFERENCE_DIR}/`)) {
      for (const { line, what, text: shown } of externalCitations(text, { markdown })) {
        problems.push(`${file}:${line}: cites ${what}; cite an id of ${REFERENCE_DIR}/ instead: ${shown.slice(0, 120)}`);
      }
    }
    for (const { id, line } of citedIds(text)) {
      citations++;
      if (!resolves(id)) problems.push(`${file}:${line}: cites ${id}, which no file of ${REFERENCE_DIR}/ defines`);
    }
  }

  const vectors = readFileSync(join(root, VECTORS), 'utf8');
  for (const m of vectors.matchAll(/\brow: '(\d+[a-z]?)'/g)) {
    if (!resolves(`D-BACKEND-ROW-${m[1]}`)) {
      problems.push(`${VECTORS}: conformance row ${m[1]} has no D-BACKEND-ROW-${m[1].replace(/[a-z]$/, '')} in ${REFERENCE_DIR}/discos-backend-protocol.md`);
    }
  }
  return { problems, defined: defined.size, citations, scanned };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { problems, defined, citations, scanned } = checkReferenceIds();
  if (problems.length) {
    console.error(`check-reference-ids: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  } else {
    console.log(`check-reference-ids: ${citations} citations in ${scanned} files, all among the ${defined} ids of ${REFERENCE_DIR}/`);
  }
}
