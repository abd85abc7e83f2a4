import os from 'node:os';
import path from 'node:path';
import { ConfigError, envInt, envString, readEnv } from '@observatory/core';
import type { OdaOptions } from '../oda/open-oda.js';
import type { HistoryOptions } from '../store/open-history.js';

export interface OdaConfigDefaults {
  /** `ODA_DATA_DIR` when unset (apps: the repository's example SBDefinitions); else `~/.ska-oet/oda`. */
  odaDataDir?: string;
  homeDir?: string;
}

/**
 * The ODA and history settings under OET's names: `ODA_BACKEND_TYPE` (`filesystem` default, or `postgres`),
 * `ODA_DATA_DIR`, `POSTGRES_HOST/PORT/DB_NAME/USER/PASSWORD`, and `OET_HISTORY_FILE` (`memory` keeps nothing;
 * default: postgres with the postgres ODA, else `~/.ska-oet/oet-history.jsonl`).
 */
export function resolveOdaConfig(defaults: OdaConfigDefaults, env: NodeJS.ProcessEnv): { oda: OdaOptions; history: HistoryOptions } {
  const e = readEnv(
    {
      backend: envString('ODA_BACKEND_TYPE', 'filesystem'),
      dataDir: envString('ODA_DATA_DIR'),
      pgHost: envString('POSTGRES_HOST', '127.0.0.1'),
      pgPort: envInt('POSTGRES_PORT', 5432, { min: 1, max: 65535 }),
      pgDb: envString('POSTGRES_DB_NAME', 'postgres'),
      pgUser: envString('POSTGRES_USER', 'postgres'),
      pgPassword: envString('POSTGRES_PASSWORD'),
      historyFile: envString('OET_HISTORY_FILE'),
    },
    env,
  );
  const home = defaults.homeDir ?? env.HOME ?? os.homedir();
  let oda: OdaOptions;
  if (e.backend === 'filesystem') {
    oda = { backend: 'filesystem', dataDir: path.resolve(e.dataDir ?? defaults.odaDataDir ?? path.join(home, '.ska-oet', 'oda')) };
  } else if (e.backend === 'postgres') {
    oda = { backend: 'postgres', host: e.pgHost, port: e.pgPort, database: e.pgDb, user: e.pgUser, password: e.pgPassword };
  } else {
    throw new ConfigError(`ODA_BACKEND_TYPE must be filesystem or postgres, got '${e.backend}'`);
  }
  let history: HistoryOptions;
  if (e.historyFile === 'memory') history = { kind: 'memory' };
  else if (e.historyFile) history = { kind: 'file', file: path.resolve(e.historyFile) };
  else if (oda.backend === 'postgres') history = { kind: 'postgres' };
  else history = { kind: 'file', file: path.join(home, '.ska-oet', 'oet-history.jsonl') };
  return { oda, history };
}
