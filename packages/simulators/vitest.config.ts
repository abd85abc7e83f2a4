import { defineProjectVitestConfig } from '@observatory/test-utils/vitest-base';

export default defineProjectVitestConfig({
  name: '@discos/simulators',
  coverageThresholds: { statements: 89, branches: 81, functions: 90, lines: 93 },
});
