import { definePackageTsupConfig } from '@observatory/test-utils/tsup-base';

export default definePackageTsupConfig({
  entry: ['src/index.ts', 'src/main.ts'],
});
