import { readFileSync } from 'node:fs';
import { OetUsageError } from './errors.js';

/**
 * The bearer token for the server: `--token`, else `OET_TOKEN`, else the contents of the file named by
 * `OET_TOKEN_FILE` (trimmed). Undefined when none is given (a server without authentication).
 */
export function resolveToken(option: string | undefined, env: Record<string, string | undefined>): string | undefined {
  const [source, raw] =
    option !== undefined
      ? ['--token', option]
      : env.OET_TOKEN
        ? ['OET_TOKEN', env.OET_TOKEN]
        : env.OET_TOKEN_FILE
          ? [`OET_TOKEN_FILE (${env.OET_TOKEN_FILE})`, readTokenFile(env.OET_TOKEN_FILE)]
          : [undefined, undefined];
  if (source === undefined || raw === undefined) return undefined;
  const token = raw.trim();
  // a token goes into a header: anything but a plain token would break or inject into the request
  if (!/^[A-Za-z0-9\-._~+/]+=*$/.test(token)) throw new OetUsageError(`the token from ${source} is not a bearer token (empty, or has spaces or other characters)`);
  return token;
}

function readTokenFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new OetUsageError(`cannot read OET_TOKEN_FILE ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
