import type { Options } from 'tsup';

/** The build every published package shares: ESM for Node 20 from tsconfig.lib.json, with declarations and maps. */
export declare const tsupBase: Options;

/** A package's tsup config: the shared base plus its own entries (and any other option it needs). */
export declare function definePackageTsupConfig(options: Options & Required<Pick<Options, 'entry'>>): Options;
