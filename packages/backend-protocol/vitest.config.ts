import { defineProjectVitestConfig } from '@observatory/test-utils/vitest-base';

export default defineProjectVitestConfig({
  name: '@discos/backend-protocol',
  coverageThresholds: { statements: 89, branches: 83, functions: 90, lines: 90 },
});
