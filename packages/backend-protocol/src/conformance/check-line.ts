import { expect } from 'vitest';
import { parseMessage } from '../grammar/parse.js';
import type { ResolvedOptions } from './options.js';
import { expectedNameAndCode, type Expectation } from './vectors.js';

/** Asserts one reply line: whole text in `'exact'` mode, reply name and code only in `'code'` mode. */
export function checkLine(line: string, expectation: Expectation, options: ResolvedOptions): void {
  if (options.texts === 'code') {
    const want = expectedNameAndCode(expectation);
    let got: { name: string; code: string };
    try {
      const message = parseMessage(line);
      got = { name: message.name, code: message.code };
    } catch {
      got = { name: '', code: '' };
    }
    expect(got, `reply ${JSON.stringify(line)}`).toEqual(want);
    return;
  }
  if (typeof expectation === 'string') {
    expect(line).toBe(expectation);
    return;
  }
  const problem = expectation.check(line, options.context);
  expect(problem, `reply ${JSON.stringify(line)} vs ${expectation.describe}`).toBeUndefined();
}

/** The greeting, and the reply to `?version`. */
export function versionReply(options: ResolvedOptions): Expectation {
  return `!version,ok,${options.version}`;
}
