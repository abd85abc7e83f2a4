import { createRequire } from 'node:module';
import path from 'node:path';
import { createOetServer } from '@ska/oet-server';

/**
 * Serves the console from an OET server: `consoleDir` is the built `dist/` of the installed
 * `@ska/oet-ui` (what `oet-rest --console` finds by itself). Returns the console's URL and what its
 * config says, then stops the server.
 */
export async function serveConsole(scriptRoot: string): Promise<{ consoleUrl: string; config: unknown; page: string }> {
  const consoleDir = path.join(path.dirname(createRequire(import.meta.url).resolve('@ska/oet-ui/package.json')), 'dist');
  await using server = await createOetServer({ port: 0, scriptRoots: [scriptRoot], consoleDir });
  const api = await server.listen(); // http://127.0.0.1:<port>/ska-oso-oet/oet/api/v7
  const consoleUrl = `${new URL(api).origin}/console/`; // open this in a browser
  const page = await (await fetch(consoleUrl)).text();
  const config: unknown = await (await fetch(new URL('config.json', consoleUrl))).json(); // { apiBase, telescope }
  return { consoleUrl, config, page };
}
