import path from 'node:path';
import type { Logger } from '@observatory/core';
import { FilesystemOda } from './filesystem-oda.js';
import type { Oda } from './oda-types.js';
import type { PostgresSettings } from './postgres-connection.js';
import { PostgresOda } from './postgres-oda.js';

/** Which ODA backend (`ODA_BACKEND_TYPE`) and where. */
export type OdaOptions = { backend: 'filesystem'; dataDir: string } | ({ backend: 'postgres' } & PostgresSettings);

export async function openOda(options: OdaOptions, log: Logger): Promise<Oda> {
  if (options.backend === 'filesystem') return new FilesystemOda(path.resolve(options.dataDir));
  return PostgresOda.open(options, log);
}
