import { definePackageTsupConfig } from '@observatory/test-utils/tsup-base';

export default definePackageTsupConfig({
  entry: { index: 'src/index.ts', main: 'src/main.ts', 'runner/child-main': 'src/runner/child-main.ts' },
});
