/**
 * Makes server-provided text safe to print on a terminal: control characters (C0, DEL, C1), line
 * and paragraph separators and bidirectional overrides are shown as `\xNN`/`\uNNNN` escapes, so a
 * script cannot clear the screen, move the cursor, retitle the window or fake output lines.
 * `keepNewlines` leaves `\n` (multi-line stack traces); tabs always stay.
 */
export function escapeControl(text: string, options: { keepNewlines?: boolean } = {}): string {
  return text.replace(/[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, (c) => {
    if (c === '\t' || (c === '\n' && options.keepNewlines)) return c;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
