import type { Logger } from '@observatory/core';
import { createOetServer, type OetServer } from '@ska/oet-server';
import { DatabaseServer } from '@observatory/tango';
import { startTelescopeSimServer, type RunningTelescopeSim, type Telescope } from '@ska/telescope-simulator';
import { serveTelescopeOnTango, type TelescopeTangoServer } from '@ska/telescope-simulator/tango';
import type { StackConfig } from './stack-config.js';
import { scriptEnvironment } from './script-runtime.js';
import { ensureConsoleBuilt } from './console-files.js';

/** The running stack: both servers and where they listen. */
export interface RunningStack extends AsyncDisposable {
  oetUrl: string;
  telescopeUrl: string;
  /** The web console (`/console/` on the OET server), when it could be served. */
  consoleUrl: string | undefined;
  telescope: Telescope;
  scriptRoots: string[];
  readViaPubsub: boolean;
  /** `--tango`: the embedded Tango database (`TANGO_HOST`) the simulator's Tango devices are registered in. */
  tangoHost?: string;
  telescopeSim: RunningTelescopeSim;
  oetServer: OetServer;
  /** Stops the OET first (its scripts talk to the telescope), then the telescope simulator. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the telescope simulator, points the OET's script processes at it (through `env`, which the OET
 * copies into every script process), then starts the OET REST server. On a failure, what was started is
 * closed again.
 */
export async function startStack(config: StackConfig, logger: Logger, env: NodeJS.ProcessEnv = process.env): Promise<RunningStack> {
  const readViaPubsub = config.oet.flags.flags.read_via_pubsub;
  const telescopeSim = await startTelescopeSimServer({
    telescope: config.telescope,
    host: config.host,
    port: config.telescopePort,
    readViaPubsub,
    logger: logger.child({ service: 'telescope-sim' }),
  });
  let oetServer: OetServer | undefined;
  let tangoDb: DatabaseServer | undefined;
  let tango: TelescopeTangoServer | undefined;
  const closeTango = async (): Promise<void> => {
    await tango?.close();
    await tangoDb?.close();
  };
  try {
    Object.assign(env, scriptEnvironment(telescopeSim.url));
    if (config.tango) {
      // One model, two adapters: the same simulator on HTTP+SSE and on Tango (its devices in the embedded database).
      tangoDb = new DatabaseServer({ host: config.host, port: config.tango.port, logger: logger.child({ service: 'tango-db' }) });
      await tangoDb.start();
      tango = await serveTelescopeOnTango({ simulator: telescopeSim.simulator, tangoHost: tangoDb.tangoHost, host: config.host, logger: logger.child({ service: 'telescope-tango' }) });
      Object.assign(env, { TANGO_HOST: tangoDb.tangoHost, TELESCOPE_ACCESS: 'tango', TELESCOPE_TYPE: config.telescope });
    }
    const consoleDir = config.oet.server.consoleDir ?? (await ensureConsoleBuilt(logger));
    oetServer = await createOetServer({
      ...config.oet.server,
      consoleDir,
      // With --tango the console's Telescope view reads the devices on Tango, as the scripts do.
      ...(tangoDb && !config.oet.server.telescopeUrl
        ? { telescopeTango: config.oet.server.telescopeTango ?? { tangoHost: tangoDb.tangoHost, centralNode: `ska_${config.telescope}/tm_central/central_node` } }
        : { telescopeUrl: config.oet.server.telescopeUrl ?? telescopeSim.url }),
      logger: logger.child({ service: 'oet' }),
    });
    const oetUrl = await oetServer.listen();
    const oet = oetServer;
    let closing: Promise<void> | undefined;
    const close = (): Promise<void> =>
      (closing ??= (async () => {
        try {
          await oet.close();
        } finally {
          await closeTango();
          await telescopeSim.close();
        }
      })());
    return {
      oetUrl,
      telescopeUrl: telescopeSim.url,
      consoleUrl: consoleDir ? `${new URL(oetUrl).origin}/console/` : undefined,
      telescope: config.telescope,
      scriptRoots: config.oet.server.scriptRoots,
      readViaPubsub,
      ...(tangoDb ? { tangoHost: tangoDb.tangoHost } : {}),
      telescopeSim,
      oetServer: oet,
      close,
      [Symbol.asyncDispose]: close,
    };
  } catch (err) {
    await oetServer?.close();
    await closeTango();
    await telescopeSim.close();
    throw err;
  }
}
