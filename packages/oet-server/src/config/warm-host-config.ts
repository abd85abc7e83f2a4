import { envInt, readEnv } from '@observatory/core';

/** `OET_WARM_HOSTS`: pre-forked idle script processes (default 2, 0 disables, at most 16). */
export function resolveWarmHostConfig(env: NodeJS.ProcessEnv): { warmHosts: number } {
  return readEnv({ warmHosts: envInt('OET_WARM_HOSTS', 2, { min: 0, max: 16 }) }, env);
}
