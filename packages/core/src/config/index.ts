export {
  envBool,
  envEnum,
  envInt,
  envList,
  envString,
  type EnvVar,
  parseBoolean,
  parseIntStrict,
  readEnv,
} from './env.js';
export {
  type IniData,
  type IniSection,
  type LoadedIni,
  loadIniConfig,
  parseIni,
} from './ini-config.js';
