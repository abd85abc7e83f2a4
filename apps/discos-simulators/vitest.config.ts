import { defineProjectVitestConfig } from '@observatory/test-utils/vitest-base';

export default defineProjectVitestConfig({
  name: 'discos-simulators',
});
