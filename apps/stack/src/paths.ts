import { fileURLToPath } from 'node:url';

/** The repository's example scripts (shared with `npm run rest`): the script root and the abort-script location. */
export const EXAMPLE_SCRIPTS_DIR = fileURLToPath(new URL('../../oet-rest/scripts', import.meta.url));

/** The example SBDefinitions (`oda/sbd/*.json`), the default filesystem ODA of the stack and of `npm run rest`. */
export const EXAMPLE_ODA_DIR = fileURLToPath(new URL('../../oet-rest/oda', import.meta.url));

/** The project's default `oet.ini` (feature flags), the same file `npm run rest` reads. */
export const DEFAULT_OET_INI = fileURLToPath(new URL('../../oet-rest/oet.ini', import.meta.url));
