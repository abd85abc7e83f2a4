import { describe, expect, test } from 'vitest';
import { definePackageTsupConfig, tsupBase } from '../src/tsup-base.js';
import { defineProjectVitestConfig } from '../src/vitest-base.js';

describe('defineProjectVitestConfig', () => {
  test('gives the shared settings, the default include globs and no coverage without thresholds', () => {
    const config = defineProjectVitestConfig({ name: 'stack' });
    expect(config.test).toEqual({ name: 'stack', include: ['src/**/*.test.ts', 'tests/**/*.test.ts'], watch: false, restoreMocks: true });
    expect(config.resolve?.conditions?.[0]).toBe('@observatory/source');
    expect(config.ssr?.resolve?.conditions).toEqual(config.resolve?.conditions);
  });

  test('adds v8 coverage with the thresholds, switched by OBSERVATORY_COVERAGE', () => {
    const thresholds = { statements: 89, branches: 82, functions: 88, lines: 91 };
    const config = defineProjectVitestConfig({ name: 'x', coverageThresholds: thresholds });
    expect(config.test?.coverage).toMatchObject({ provider: 'v8', enabled: process.env.OBSERVATORY_COVERAGE === '1', thresholds, include: ['src/**/*.{ts,tsx}'] });
  });

  test('merges overrides last, keeping the base settings', () => {
    const config = defineProjectVitestConfig({
      name: 'x',
      include: ['examples/**/*.test.ts'],
      overrides: { esbuild: { jsx: 'automatic' }, test: { testTimeout: 30_000, fileParallelism: false } },
    });
    expect(config.test).toMatchObject({ include: ['examples/**/*.test.ts'], testTimeout: 30_000, fileParallelism: false, watch: false });
    expect(config.esbuild).toEqual({ jsx: 'automatic' });
  });
});

describe('definePackageTsupConfig', () => {
  test('is the shared base plus the package entries and options', () => {
    const config = definePackageTsupConfig({ entry: ['src/index.ts', 'src/main.ts'] });
    expect(config).toEqual({ ...tsupBase, entry: ['src/index.ts', 'src/main.ts'] });
    expect(tsupBase).toMatchObject({ format: ['esm'], target: 'node20', tsconfig: 'tsconfig.lib.json' });
  });
});
