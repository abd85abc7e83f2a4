import { defineConfig } from 'tsup';

export default defineConfig({
  tsconfig: 'tsconfig.lib.json',
  entry: { index: 'src/index.ts', main: 'src/main.ts', 'runner/child-main': 'src/runner/child-main.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  dts: { compilerOptions: { composite: false } }, // DTS fails with TS6307 under composite
  sourcemap: true,
  clean: true,
});
