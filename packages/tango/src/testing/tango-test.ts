import { TANGO_BINARIES, freePort, startProcess, type StartedProcess } from './processes.js';

export interface TangoTestServer {
  /** `sys/tg_test/1` (or the requested device). */
  readonly device: string;
  readonly host: string;
  readonly port: number;
  /** Name to give a DeviceProxy: `tango://127.0.0.1:PORT/sys/tg_test/1#dbase=no` (nodb) or the bare device name. */
  readonly url: string;
  readonly process: StartedProcess;
  /** Restarts on the same port (nodb keys are stable; database mode gets new object keys). */
  restart(): Promise<void>;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export interface TangoTestOptions {
  /** Default a free port. */
  port?: number;
  instance?: string;
  device?: string;
  /** With a database (`TANGO_HOST`), TangoTest registers there; default nodb. */
  tangoHost?: string;
  timeoutMs?: number;
}

/** Starts Debian's cppTango TangoTest on 127.0.0.1 (T-ENV-1); stop it by PID with `stop()`. */
export async function startTangoTest(options: TangoTestOptions = {}): Promise<TangoTestServer> {
  const port = options.port ?? (await freePort());
  const device = options.device ?? 'sys/tg_test/1';
  const instance = options.instance ?? 'test';
  const host = '127.0.0.1';
  const launch = (): Promise<StartedProcess> => {
    const args = [instance, '-ORBendPoint', `giop:tcp:${host}:${port}`];
    if (!options.tangoHost) args.push('-nodb', '-dlist', device);
    const env = { ...process.env };
    if (options.tangoHost) env.TANGO_HOST = options.tangoHost;
    else delete env.TANGO_HOST;
    return startProcess(TANGO_BINARIES.tangoTest, args, { env, ready: /Ready to accept request/, timeoutMs: options.timeoutMs ?? 30_000, name: 'TangoTest' });
  };
  let proc = await launch();
  // A stop during a restart (a test that timed out mid-restart) must also stop the process the restart launches.
  let restarting: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    await restarting?.catch(() => undefined);
    await proc.stop();
  };
  const server: TangoTestServer = {
    device,
    host,
    port,
    url: options.tangoHost ? device : `tango://${host}:${port}/${device}#dbase=no`,
    get process() {
      return proc;
    },
    async restart() {
      restarting = (async () => {
        await proc.stop();
        proc = await launch();
      })();
      try {
        await restarting;
      } finally {
        restarting = undefined;
      }
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
  return server;
}
