import { OetUsageError } from './errors.js';

/** Where `oet` looks for the server when nothing is configured (OET 7 base path on this machine). */
export const DEFAULT_SERVER_URL = 'http://127.0.0.1:5000/ska-oso-oet/oet/api/v7';

/**
 * The API base URL: `--server-url`, else `OET_URL`, else the legacy `OET_REST_URI` (which pointed at
 * `…/procedures`, so that suffix is dropped), else the default. Trailing slashes are dropped.
 */
export function resolveServerUrl(flag: string | undefined, env: Record<string, string | undefined>): string {
  let source: string;
  let raw: string;
  if (flag !== undefined && flag !== '') {
    source = '--server-url';
    raw = flag;
  } else if (env.OET_URL) {
    source = 'OET_URL';
    raw = env.OET_URL;
  } else if (env.OET_REST_URI) {
    source = 'OET_REST_URI';
    raw = env.OET_REST_URI.replace(/\/+$/, '').replace(/\/procedures$/, '');
  } else {
    return DEFAULT_SERVER_URL;
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new OetUsageError(`Invalid server URL in ${source}: '${raw}' (expected e.g. ${DEFAULT_SERVER_URL})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OetUsageError(`Invalid server URL in ${source}: '${raw}' (only http:// and https:// are supported)`);
  }
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}
