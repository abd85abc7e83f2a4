// Tests of the repository scripts (cycle check, module-boundary lint). Plain Node, no TypeScript to resolve.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'release-checks',
    include: ['tests/**/*.test.mjs'],
    watch: false,
    // ESLint loads typescript-eslint and the Nx project graph once: seconds on a loaded machine.
    hookTimeout: 180_000,
    testTimeout: 60_000,
  },
});
