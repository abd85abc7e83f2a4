import { defineConfig } from 'tsup';

export default defineConfig({
  tsconfig: 'tsconfig.lib.json',
  entry: ['src/index.ts', 'src/client.ts', 'src/tango.ts', 'src/main.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  dts: { compilerOptions: { composite: false } }, // DTS fails with TS6307 under composite
  sourcemap: true,
  clean: true,
});
