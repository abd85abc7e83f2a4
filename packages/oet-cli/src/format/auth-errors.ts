import { HttpError } from '@observatory/core';
import { escapeControl } from './terminal-text.js';

/** One line for a refused request (401/403), naming what to do about it; undefined for anything else. */
export function authErrorMessage(err: unknown, serverUrl: string): string | undefined {
  if (!(err instanceof HttpError)) return undefined;
  // the OET's refusals by role or scope start `Forbidden:`; other 403s (a script outside the roots) are not about the token
  if (err.status !== 401 && !(err.status === 403 && err.detail?.startsWith('Forbidden:'))) return undefined;
  const detail = err.detail ? `: ${escapeControl(err.detail.split('\n')[0] ?? '')}` : '';
  if (err.status === 401) {
    return `Not authenticated by the OET server at ${serverUrl} (401)${detail}. Give a token with --token, OET_TOKEN or OET_TOKEN_FILE.`;
  }
  return `Not allowed by the OET server at ${serverUrl} (403)${detail}.`;
}
