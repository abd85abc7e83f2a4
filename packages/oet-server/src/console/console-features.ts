import type { HostAllowList, Logger } from '@observatory/core';
import type { FastifyInstance } from 'fastify';
import { consoleRoutes } from '../http/console-routes.js';
import { scriptRoutes } from '../http/script-routes.js';
import { telescopeRelayRoutes } from '../http/telescope-relay-routes.js';
import { telescopeTangoRoutes } from '../http/telescope-tango-routes.js';
import { TangoTelescopeMonitor, type TangoTelescopeOptions } from '../telescope/tango-telescope-monitor.js';
import type { ScriptRoots } from '../sources/script-roots.js';

export interface ConsoleFeatureOptions {
  basePath: string;
  roots: ScriptRoots;
  /** Serve the web console from this directory at `/console/`; undefined = no console. */
  consoleDir?: string;
  /** Relay this telescope simulator at `{base}/telescope`; undefined = none. */
  telescopeUrl?: string;
  /** Show the telescope from Tango at `{base}/telescope` instead (wins over `telescopeUrl`). */
  telescopeTango?: TangoTelescopeOptions;
  logger: Logger;
  /** The `Host` check of the API, applied to the console's files too (they need no token). */
  hosts?: HostAllowList;
}

/** What the web console needs beyond the OET API: the script listing, the telescope relay and the console's files. */
export async function registerConsoleFeatures(app: FastifyInstance, options: ConsoleFeatureOptions): Promise<void> {
  await app.register(scriptRoutes, { prefix: options.basePath, roots: options.roots });
  if (options.telescopeTango) {
    const monitor = new TangoTelescopeMonitor({ ...options.telescopeTango, logger: options.telescopeTango.logger ?? options.logger });
    await monitor.start();
    await app.register(telescopeTangoRoutes, { prefix: options.basePath, monitor });
  } else if (options.telescopeUrl) {
    await app.register(telescopeRelayRoutes, { prefix: options.basePath, telescopeUrl: options.telescopeUrl, logger: options.logger });
  }
  if (options.consoleDir) {
    const dir = options.consoleDir;
    await app.register(async (scope) => consoleRoutes(scope, { dir, apiBase: options.basePath, telescope: Boolean(options.telescopeUrl ?? options.telescopeTango), hosts: options.hosts }));
  }
}
