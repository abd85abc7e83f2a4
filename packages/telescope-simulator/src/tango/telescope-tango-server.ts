import { componentLogger, type Logger } from '@observatory/core';
import { CmdArgType, Database, DeviceServer, type DeviceEntry } from '@observatory/tango';
import type { TelescopeSimulator } from '../simulator.js';
import { deviceKind, telescopeDeviceClass, type AttributeMemory, type DeviceKind } from './device-classes.js';

export interface TelescopeTangoServerOptions {
  /** The one model; the HTTP+SSE adapter may serve the same instance at the same time. */
  simulator: TelescopeSimulator;
  /** Database mode: `host:port` of the Tango database. Absent: database-less (`#dbase=no`) mode. */
  tangoHost?: string;
  /** Bind address (default 127.0.0.1). */
  host?: string;
  /** GIOP port (default 0: a free one). */
  port?: number;
  /** Server instance (`TelescopeSim/<instance>`); default the telescope (`mid`/`low`). */
  instance?: string;
  logger?: Logger;
}

/** The executable half of the Tango server name. */
export const TANGO_EXECUTABLE = 'TelescopeSim';

/**
 * The simulated telescope served as Tango devices under their SKA names: one Tango device server whose
 * devices read, command and follow the simulator (the same instance the HTTP+SSE adapter serves).
 */
export class TelescopeTangoServer {
  readonly server: DeviceServer;
  private readonly database: Database | undefined;
  private closing: Promise<void> | undefined;
  private readonly log: Logger;

  constructor(private readonly options: TelescopeTangoServerOptions) {
    const sim = options.simulator;
    this.log = componentLogger(options.logger, 'telsim-tango');
    const simNames = new Map(sim.deviceNames.map((n) => [n.toLowerCase(), n]));
    this.database = options.tangoHost ? new Database({ tangoHost: options.tangoHost, logger: options.logger }) : undefined;
    const memory = this.database ? databaseMemory(this.database) : undefined;
    const classes = new Map<DeviceKind, DeviceEntry['deviceClass']>();
    const devices: DeviceEntry[] = sim.deviceNames.map((name) => {
      const kind = deviceKind(sim, name);
      let deviceClass = classes.get(kind);
      if (!deviceClass) {
        deviceClass = telescopeDeviceClass({ sim, kind, simNames, memory, logger: this.log });
        classes.set(kind, deviceClass);
      }
      return { deviceClass, name };
    });
    this.server = new DeviceServer({
      executable: TANGO_EXECUTABLE,
      instance: options.instance ?? sim.telescope,
      devices,
      host: options.host,
      port: options.port,
      tangoHost: options.tangoHost,
      logger: options.logger,
    });
  }

  async start(): Promise<{ port: number }> {
    try {
      return await this.server.start();
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  get port(): number {
    return this.server.port;
  }

  /** How a client names a device: `tango://db/name` (database) or `tango://host:port/name#dbase=no`. */
  deviceUrl(name: string): string {
    return this.server.deviceUrl(name);
  }

  /** Stops serving (unexporting from the database); the simulator keeps running. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.server.close();
      await this.database?.close();
    })();
    return this.closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** Serves the simulator on Tango and resolves once it listens (and is exported, in database mode). */
export async function serveTelescopeOnTango(options: TelescopeTangoServerOptions): Promise<TelescopeTangoServer> {
  const server = new TelescopeTangoServer(options);
  await server.start();
  return server;
}

/** cppTango memorises a written value in the attribute property `__value`; we do the same. */
function databaseMemory(db: Database): AttributeMemory {
  return {
    async load(device, attr) {
      const reply = await db.command('DbGetDeviceAttributeProperty2', CmdArgType.DevVarStringArray, [device, attr]);
      const list = Array.isArray(reply) ? (reply as string[]) : [];
      // [device, nb_attr, attr, nb_prop, (name, nb_values, values...)*]
      const props = Number(list[3] ?? 0);
      let i = 4;
      for (let p = 0; p < props && i < list.length; p++) {
        const name = list[i];
        const count = Number(list[i + 1]);
        if (name === '__value' && count > 0) return list[i + 2];
        i += 2 + count;
      }
      return undefined;
    },
    async save(device, attr, value) {
      await db.command('DbPutDeviceAttributeProperty2', CmdArgType.DevVarStringArray, [device, '1', attr, '1', '__value', '1', value]);
    },
  };
}
