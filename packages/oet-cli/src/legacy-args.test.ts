import { describe, expect, it } from 'vitest';
import { normaliseLegacyArgs } from './legacy-args.js';

describe('normaliseLegacyArgs', () => {
  it.each([
    [['--subarray_id=2'], ['--subarray-id=2']],
    [['--subarray_id', '2'], ['--subarray-id', '2']],
    [['--git_repo=https://x/y.git', '--git_branch=dev', '--git_commit=abc'], ['--git-repo=https://x/y.git', '--git-branch=dev', '--git-commit=abc']],
    [['--listen=False'], ['--no-listen']],
    [['--listen=true'], ['--listen']],
    [['--run_abort=False'], ['--no-run-abort']],
    [['--create_env=True'], ['--create-env']],
    [['--create_env=False'], []],
    [['--prepare_only=TRUE'], ['--prepare-only']],
  ])('rewrites %j to %j', (input, output) => {
    expect(normaliseLegacyArgs(input)).toEqual(output);
  });

  it('leaves script keyword arguments, positionals and words after -- alone', () => {
    expect(normaliseLegacyArgs(['--raise_msg=x', 'file:///a.js', '--scans=3', '--', '--subarray_id=2'])).toEqual([
      '--raise_msg=x',
      'file:///a.js',
      '--scans=3',
      '--',
      '--subarray_id=2',
    ]);
  });

  it('passes other values of boolean flags through for commander to reject', () => {
    expect(normaliseLegacyArgs(['--listen=maybe'])).toEqual(['--listen=maybe']);
  });
});
