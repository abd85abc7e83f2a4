import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOetServer, type OetServer, type OetServerOptions } from '@ska/oet-server';
import { DatabaseServer } from '@observatory/tango';
import { startTelescopeSimServer, type RunningTelescopeSim } from '@ska/telescope-simulator';
import { serveTelescopeOnTango, type TelescopeTangoServer } from '@ska/telescope-simulator/tango';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
/** The repository's example scripts (observe.js, fail.js, abort.js…), as the stack serves them. */
export const exampleScripts = path.join(repoRoot, 'apps/oet-rest/scripts');
/** The console as `npm test` builds it (the test target depends on the build). */
export const consoleDir = fileURLToPath(new URL('../../dist', import.meta.url));

export interface ConsoleStack extends AsyncDisposable {
  telescope: RunningTelescopeSim;
  oet: OetServer;
  /** `http://127.0.0.1:<port>/console/` */
  consoleUrl: string;
  /** The OET API base URL. */
  apiUrl: string;
  tmp: string;
  /** With `{ tango: true }`: the embedded Tango database the simulator's devices are served in. */
  tangoHost?: string;
  /** Closes the OET server and starts a fresh one on the same port (a server restart). */
  restartOet(): Promise<void>;
  stopOet(): Promise<void>;
  startOet(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real stack on free ports: the telescope simulator, and the OET server with the example scripts,
 * the example SBDefinitions (copied, since the ODA writes SBIs next to them), the console and the
 * telescope relay. Script processes find the telescope through TELESCOPE_SIM_URL, as under `npm start`.
 * `{ tango: true }` is `npm start -- --tango`: the simulator is also served as Tango devices in an embedded
 * database, and the OET's Telescope view reads them over Tango (scripts reach it with
 * `telescope_url: tango://<tangoHost>`).
 */
export async function startConsoleStack(extra: Partial<OetServerOptions> = {}, { tango: onTango = false } = {}): Promise<ConsoleStack> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'oet-ui-test-'));
  const telescope = await startTelescopeSimServer({ port: 0 });
  process.env.TELESCOPE_SIM_URL = telescope.url;
  let tangoDb: DatabaseServer | undefined;
  let tango: TelescopeTangoServer | undefined;
  if (onTango) {
    tangoDb = new DatabaseServer({ port: 0 });
    await tangoDb.start();
    tango = await serveTelescopeOnTango({ simulator: telescope.simulator, tangoHost: tangoDb.tangoHost });
  }
  const telescopeSource: Partial<OetServerOptions> = tangoDb
    ? { telescopeTango: { tangoHost: tangoDb.tangoHost }, flags: { read_via_pubsub: true } }
    : { telescopeUrl: telescope.url };
  const odaDir = path.join(tmp, 'oda');
  await cp(path.join(repoRoot, 'apps/oet-rest/oda'), odaDir, { recursive: true }).catch(() => undefined);
  let port = 0;
  let oet: OetServer | undefined;
  const options = (): OetServerOptions => ({
    port,
    scriptRoots: [exampleScripts],
    stopGraceMs: 300,
    cacheDir: path.join(tmp, 'cache'),
    consoleDir,
    ...telescopeSource,
    oda: { backend: 'filesystem', dataDir: odaDir },
    history: { kind: 'file', file: path.join(tmp, 'history.jsonl') },
    ...extra,
  });
  const startOet = async () => {
    oet = await createOetServer(options());
    await oet.listen();
    port = oet.address()!.port;
  };
  await startOet();
  const origin = () => new URL(oet!.url).origin;
  let closed: Promise<void> | undefined;
  const stack: ConsoleStack = {
    telescope,
    get oet() {
      return oet!;
    },
    get consoleUrl() {
      return `${origin()}/console/`;
    },
    get apiUrl() {
      return oet!.url;
    },
    tmp,
    ...(tangoDb ? { tangoHost: tangoDb.tangoHost } : {}),
    async stopOet() {
      await oet?.close();
    },
    startOet,
    async restartOet() {
      await oet?.close();
      await startOet();
    },
    close() {
      closed ??= (async () => {
        try {
          await oet?.close();
        } finally {
          await tango?.close();
          await tangoDb?.close();
          await telescope.close();
          await rm(tmp, { recursive: true, force: true });
        }
      })();
      return closed;
    },
    [Symbol.asyncDispose]() {
      return stack.close();
    },
  };
  return stack;
}

/** A 32-byte HS256 secret in a file, for a server with authentication on. */
export async function writeSecret(dir: string): Promise<{ file: string; secret: string }> {
  const secret = 'console-test-secret-0123456789abcdef';
  const file = path.join(dir, 'jwt.secret');
  await writeFile(file, secret, { mode: 0o600 });
  return { file, secret };
}
