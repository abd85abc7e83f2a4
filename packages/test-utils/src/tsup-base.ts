import { defineConfig, type Options } from 'tsup';

/** The build every published package shares: ESM for Node 20 from tsconfig.lib.json, with declarations and maps. */
export const tsupBase: Options = {
  tsconfig: 'tsconfig.lib.json',
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  dts: { compilerOptions: { composite: false } }, // DTS fails with TS6307 under composite
  sourcemap: true,
  clean: true,
};

/** A package's tsup config: the shared base plus its own entries (and any other option it needs). */
export function definePackageTsupConfig(options: Options & Required<Pick<Options, 'entry'>>): ReturnType<typeof defineConfig> {
  return defineConfig({ ...tsupBase, ...options });
}
