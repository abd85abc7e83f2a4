import { describe, expect, it } from 'vitest';
import { inheritedExecArgv } from './script-process.js';

describe('inheritedExecArgv', () => {
  it('keeps resolution conditions and drops loaders, inspector and heap flags', () => {
    expect(
      inheritedExecArgv(['--conditions=@observatory/source', '--import', 'tsx', '--inspect=9229', '--max-old-space-size=64', '-C', 'dev', '--conditions', 'x']),
    ).toEqual(['--conditions=@observatory/source', '-C', 'dev', '--conditions', 'x']);
  });
});
