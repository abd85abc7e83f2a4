// Plain JavaScript on purpose: vite's config loader hands bare imports to Node, which cannot load TypeScript on
// Node 20, so a base config imported by every vitest.config.ts must be JS. Types: vitest-base.d.ts beside it.
import { defaultServerConditions, mergeConfig } from 'vite';
import { defineConfig } from 'vitest/config';

const conditions = ['@observatory/source', ...defaultServerConditions];

/** @param {import('./vitest-base.js').ProjectVitestOptions} options */
export function defineProjectVitestConfig({ name, include, coverageThresholds, overrides = {} }) {
  const base = {
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
  return defineConfig(mergeConfig(base, overrides));
}
