import { defineProjectVitestConfig } from '@observatory/test-utils/vitest-base';

export default defineProjectVitestConfig({
  name: '@observatory/test-utils',
  include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'examples/**/*.test.ts'],
});
