import { describe, expect, it } from 'vitest';
import { inheritedExecArgv } from './script-process.js';

describe('inheritedExecArgv', () => {
  it('keeps module-resolution flags and drops inspector and heap flags', () => {
    expect(
      inheritedExecArgv(['--conditions=@observatory/source', '--import', 'tsx', '--inspect=9229', '--max-old-space-size=64', '-C', 'dev']),
    ).toEqual(['--conditions=@observatory/source', '--import', 'tsx', '-C', 'dev']);
  });
});
