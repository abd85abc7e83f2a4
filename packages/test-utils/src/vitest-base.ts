import { defaultServerConditions, mergeConfig } from 'vite';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

export interface CoverageThresholds {
  statements: number;
  branches: number;
  functions: number;
  lines: number;
}

export interface ProjectVitestOptions {
  /** The vitest project name (the package name for packages, the folder name for apps). */
  name: string;
  /** Test globs (default: unit tests in src/ and tests/). */
  include?: string[];
  /** This package's measured coverage floor; without it coverage is not configured. */
  coverageThresholds?: CoverageThresholds;
  /** Merged last: other `test` settings (timeouts, fileParallelism, root…) and top-level vite settings. */
  overrides?: ViteUserConfig;
}

const conditions = ['@observatory/source', ...defaultServerConditions];

/** The vitest config every package and app uses: source conditions, no watch, restored mocks, optional coverage. */
export function defineProjectVitestConfig({ name, include, coverageThresholds, overrides = {} }: ProjectVitestOptions): ViteUserConfig {
  const base: ViteUserConfig = {
    resolve: { conditions },
    ssr: { resolve: { conditions } }, // Node tests resolve via ssr
    test: {
      name,
      include: include ?? ['src/**/*.test.ts', 'tests/**/*.test.ts'],
      watch: false, // the inferred target runs bare `vitest`
      restoreMocks: true,
      // `npm run coverage` and CI (OBSERVATORY_COVERAGE=1): v8 coverage of src/; the thresholds are this package's
      // measured floor, raised as coverage grows and never lowered.
      ...(coverageThresholds && {
        coverage: {
          enabled: process.env.OBSERVATORY_COVERAGE === '1',
          provider: 'v8',
          include: ['src/**/*.{ts,tsx}'],
          exclude: ['src/**/*.test.{ts,tsx}', 'src/main.ts'],
          reporter: ['text-summary', 'html', 'lcov', 'json-summary'],
          thresholds: { ...coverageThresholds },
        },
      }),
    },
  };
  return defineConfig(mergeConfig(base, overrides) as ViteUserConfig);
}
