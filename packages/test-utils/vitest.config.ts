import { defineProjectVitestConfig } from './src/vitest-base.js';

export default defineProjectVitestConfig({
  name: '@observatory/test-utils',
  include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'examples/**/*.test.ts'],
});
