import { describe, expect, test } from 'vitest';
import { PROTOCOL_VERSIONS } from '../protocol-version.js';
import { BACKLOG, conformanceVectors, INVALID_UTF8, runsInCodeMode, SPLIT_CRLF } from './vectors.js';

function isUtf8(text: string): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(text, 'latin1'));
    return true;
  } catch {
    return false;
  }
}

describe('ours-only rows', () => {
  test.each(PROTOCOL_VERSIONS.map((v) => [v]))('%s: no row of the reference-compatible run sends invalid UTF-8', (version) => {
    const codeRows = conformanceVectors(version).filter(runsInCodeMode);
    const offending = codeRows.filter((v) => v.steps.some((s) => !isUtf8(s.send))).map((v) => v.row);
    expect(offending).toEqual([]);
  });

  test('the rows that send invalid UTF-8 are marked with its difference', () => {
    const marked = conformanceVectors('1.4')
      .filter((v) => v.oursOnly !== undefined)
      .map((v) => [v.row, v.oursOnly]);
    expect(marked).toEqual([
      ['45j', INVALID_UTF8],
      ['45f', INVALID_UTF8],
      ['25b', INVALID_UTF8],
      ['50', INVALID_UTF8],
    ]);
    expect(new Set([INVALID_UTF8, SPLIT_CRLF, BACKLOG]).size).toBe(3);
  });
});
