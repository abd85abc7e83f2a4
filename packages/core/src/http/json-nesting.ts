/**
 * True when JSON text nests objects and arrays more than `maxDepth` levels deep. A single pass with a
 * counter (no recursion, no parse), so it is safe to run on untrusted text before `JSON.parse`; brackets
 * inside strings are skipped. Deep values would otherwise overflow the stack wherever they are
 * serialised later, far from the request that brought them in.
 */
export function jsonNestingExceeds(text: string, maxDepth: number): boolean {
  let depth = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i++);
    if (c === 0x22) {
      // Skip the string; a backslash escapes the next character.
      while (i < n) {
        const s = text.charCodeAt(i++);
        if (s === 0x5c) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth -= 1;
    }
  }
  return false;
}
