/**
 * Python's `str.isspace()` set, as `str.strip()` and `str.split()` use it: ASCII `\t\n\v\f\r` and space, the
 * separators `\x1c`–`\x1f`, `\x85`, `\xa0`, and the Unicode spaces above latin-1. It differs from JS `\s` and
 * `trim()`, which lack `\x1c`–`\x1f` and `\x85` but add `\ufeff`. DISCOS text is decoded latin-1 (byte = code
 * point), so only the first twelve ever occur on the wire; the rest keep the helpers exact for any string.
 */
export function isPythonSpace(code: number): boolean {
  if (code < 0x80) return (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x20);
  if (code < 0x1680) return code === 0x85 || code === 0xa0;
  return (
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** A predicate for the characters to strip: Python whitespace, or exactly the characters of `chars`. */
function stripSet(chars: string | undefined): (code: number) => boolean {
  if (chars === undefined) return isPythonSpace;
  const set = new Set<number>();
  for (let i = 0; i < chars.length; i++) set.add(chars.charCodeAt(i));
  return (code) => set.has(code);
}

/** Python `text.lstrip(chars)`; without `chars`, leading Python whitespace. */
export function pyLStrip(text: string, chars?: string): string {
  const strip = stripSet(chars);
  let start = 0;
  while (start < text.length && strip(text.charCodeAt(start))) start++;
  return start === 0 ? text : text.slice(start);
}

/** Python `text.rstrip(chars)`; without `chars`, trailing Python whitespace. */
export function pyRStrip(text: string, chars?: string): string {
  const strip = stripSet(chars);
  let end = text.length;
  while (end > 0 && strip(text.charCodeAt(end - 1))) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** Python `text.strip(chars)`; without `chars`, Python whitespace at both ends (see {@link isPythonSpace}). */
export function pyStrip(text: string, chars?: string): string {
  return pyRStrip(pyLStrip(text, chars), chars);
}

/**
 * Python `text.split()` without a separator: runs of Python whitespace separate words, no empty words. With
 * `maxsplit` ≥ 0, at most that many splits; the rest is one last word with its leading whitespace removed and its
 * trailing whitespace kept, as in Python. (`text.split(sep)` with a separator is plain `String.prototype.split`.)
 */
export function pySplit(text: string, maxsplit = -1): string[] {
  const words: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && isPythonSpace(text.charCodeAt(i))) i++;
    if (i === n) break;
    if (maxsplit >= 0 && words.length === maxsplit) {
      words.push(text.slice(i));
      return words;
    }
    const start = i;
    while (i < n && !isPythonSpace(text.charCodeAt(i))) i++;
    words.push(text.slice(start, i));
  }
  return words;
}
