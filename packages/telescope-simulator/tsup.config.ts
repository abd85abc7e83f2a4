import { definePackageTsupConfig } from '@observatory/test-utils/tsup-base';

export default definePackageTsupConfig({
  entry: ['src/index.ts', 'src/client.ts', 'src/tango.ts', 'src/testing.ts', 'src/main.ts'],
});
