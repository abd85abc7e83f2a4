import type { FastifyInstance } from 'fastify';
import { listScripts } from '../sources/script-listing.js';
import type { ScriptRoots } from '../sources/script-roots.js';

const listedScriptSchema = {
  type: 'object',
  required: ['script_uri', 'root', 'path'],
  properties: {
    script_uri: { type: 'string' },
    root: { type: 'string' },
    path: { type: 'string' },
  },
} as const;

/**
 * `GET {base}/scripts/` (beyond OET, read-only): the scripts under the configured script roots, so a UI
 * can offer them. It reads like every GET (scope `procedure:read` or `activity:read` when auth is on).
 */
export function scriptRoutes(app: FastifyInstance, options: { roots: ScriptRoots }, done: () => void): void {
  for (const url of ['/scripts', '/scripts/']) {
    app.get(
      url,
      { schema: { summary: 'List the scripts under the script roots', tags: ['scripts'], response: { 200: { type: 'array', items: listedScriptSchema } } } },
      () => listScripts(options.roots.roots),
    );
  }
  done();
}
