// Plain JavaScript on purpose: tsup's config loader hands bare imports to Node, which cannot load TypeScript on
// Node 20. Types: tsup-base.d.ts beside it. Build-time only: nothing here ends up in a package's dist/.
import { defineConfig } from 'tsup';

/** @type {import('tsup').Options} */
export const tsupBase = {
  tsconfig: 'tsconfig.lib.json',
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  dts: { compilerOptions: { composite: false } }, // DTS fails with TS6307 under composite
  sourcemap: true,
  clean: true,
};

/** @param {import('tsup').Options} options */
export function definePackageTsupConfig(options) {
  return defineConfig({ ...tsupBase, ...options });
}
