import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { componentLogger, type Logger } from '@observatory/core';
import { encodeIor } from '../ior/ior.js';
import { adminDeviceClass, type ServerControl } from './admin-device.js';
import { CONFIG_PROPERTY_NAMES, type AttrConfig } from './attribute-config.js';
import { ChangeTracker, changeConfigured } from './change-detector.js';
import { DbLink } from './db-link.js';
import { DeviceError } from './device-error.js';
import type { DeviceClassSpec } from './device-class.js';
import { DeviceServant, toAttributeValue5 } from './device-servant.js';
import { Device, type AttrReadResult } from './device.js';
import { EventPublisher, parseEventName, type SubscriptionReply } from './event-publisher.js';
import { GiopServer, type Servant } from './giop-server.js';
import { Poller } from './poller.js';
import { NOT_SPECIFIED } from './tango-types.js';

/** One device to serve: its class and its name. */
export interface DeviceEntry {
  // Device classes are generic in their state type; the server does not care which.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  deviceClass: DeviceClassSpec<any>;
  name: string;
}

export interface DeviceServerOptions {
  /** Executable name (`TangoTest`), the first half of the server name. */
  executable: string;
  /** Instance name (`test`). */
  instance: string;
  devices: readonly DeviceEntry[];
  /** Bind address (default 127.0.0.1). Also the host written in exported IORs unless `publishHost` is set. */
  host?: string;
  /** GIOP port (default 0: a free port). */
  port?: number;
  /** Host clients should use (IORs, event endpoints are on `host`). */
  publishHost?: string;
  /**
   * Database mode: `host:port` of the Tango database (TANGO_HOST). Devices are registered when missing,
   * their properties read at start, exported, and unexported at close. Absent: database-less mode.
   */
  tangoHost?: string;
  /** Extra object keys served (the embedded database serves `database` for `sys/database/2`). */
  keyAliases?: Record<string, string>;
  /** Heartbeat period (default 9000 ms) and subscription expiry (default 600 000 ms). */
  heartbeatMs?: number;
  subscriptionExpiryMs?: number;
  /** Clock for subscription expiry (tests). */
  now?: () => number;
  logger?: Logger;
}

export interface DeviceServerEvents {
  /** The admin device's Kill command was executed (the server is closing). */
  kill: [];
}

/**
 * A Tango device server written in TypeScript: serves devices and their admin device over GIOP to PyTango,
 * itango, cppTango clients and our own client; polling, ZMQ events, database registration.
 */
export class DeviceServer extends EventEmitter<DeviceServerEvents> {
  readonly serverName: string;
  readonly adminName: string;
  private readonly log: Logger;
  private readonly devicesByName = new Map<string, Device>();
  private readonly servants = new Map<string, Servant>();
  private readonly trackers = new Map<string, ChangeTracker>();
  private readonly pushed = new Set<string>();
  private giop: GiopServer | undefined;
  private publisher: EventPublisher | undefined;
  private poller: Poller | undefined;
  private db: DbLink | undefined;
  private admin: Device | undefined;
  private portValue = 0;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: DeviceServerOptions) {
    super();
    this.serverName = `${options.executable}/${options.instance}`;
    this.adminName = `dserver/${options.executable}/${options.instance}`.toLowerCase();
    this.log = componentLogger(options.logger, 'tango-device-server').child({ server: this.serverName });
  }

  get port(): number {
    return this.portValue;
  }

  get host(): string {
    return this.options.host ?? '127.0.0.1';
  }

  /** `tango://host:port/name#dbase=no` (nodb) or the plain name (database mode). */
  deviceUrl(name: string): string {
    return this.options.tangoHost ? `tango://${this.options.tangoHost}/${name}` : `tango://${this.options.publishHost ?? this.host}:${this.port}/${name}#dbase=no`;
  }

  device(name: string): Device {
    const d = this.devicesByName.get(name.toLowerCase());
    if (!d) throw new DeviceError('API_DeviceNotFound', `device ${name} is not served here`, 'DeviceServer::device');
    return d;
  }

  get devices(): Device[] {
    return [...this.devicesByName.values()];
  }

  /** Event statistics (sent, dropped) of the ZMQ publisher. */
  get eventStats(): { sent: number; dropped: number; subscriptions: number } {
    return { sent: this.publisher?.sent ?? 0, dropped: this.publisher?.dropped ?? 0, subscriptions: this.publisher?.subscriptions().length ?? 0 };
  }

  /** Starts serving; on failure (database unreachable, bad names…) everything opened so far is closed again. */
  async start(): Promise<{ port: number }> {
    try {
      return await this.startUnsafe();
    } catch (err) {
      await this.close().catch(() => undefined);
      throw err;
    }
  }

  private async startUnsafe(): Promise<{ port: number }> {
    const giop = new GiopServer({
      host: this.host,
      port: this.options.port ?? 0,
      logger: this.options.logger,
      resolve: (key) => this.servants.get(key.toString('latin1').toLowerCase()),
    });
    this.giop = giop;
    this.portValue = (await giop.listen()).port;
    const publishHost = this.options.publishHost ?? this.host;
    const prefix = this.options.tangoHost ? `tango://${this.options.tangoHost}/` : `tango://${hostname()}:${this.portValue}/`;
    this.publisher = new EventPublisher({
      host: this.host,
      prefix,
      nodb: !this.options.tangoHost,
      adminName: this.adminName,
      heartbeatMs: this.options.heartbeatMs,
      expiryMs: this.options.subscriptionExpiryMs,
      now: this.options.now,
      logger: this.options.logger,
    });
    await this.publisher.start();
    this.poller = new Poller({ onAttribute: (device, result) => this.onPolled(device, result) });

    if (this.options.tangoHost) {
      const [h, p] = splitHostPort(this.options.tangoHost);
      this.db = new DbLink(h, p, this.options.logger);
    }
    const identity = { serverId: this.serverName, host: hostname(), adminName: this.adminName };
    for (const entry of this.options.devices) {
      const name = entry.name.toLowerCase();
      if (name.split('/').length !== 3) throw new DeviceError('API_WrongDeviceName', `device name ${entry.name} is not domain/family/member`, 'DeviceServer::start');
      if (this.devicesByName.has(name)) throw new DeviceError('API_DeviceAlreadyDefined', `device ${entry.name} declared twice`, 'DeviceServer::start');
      const device = await this.createDevice(entry.deviceClass, entry.name);
      this.devicesByName.set(name, device);
      this.servants.set(name, new DeviceServant(device, identity));
    }
    this.admin = new Device(adminDeviceClass(this.control()), this.adminName, { logger: this.options.logger });
    await this.admin.init();
    this.servants.set(this.adminName, new DeviceServant(this.admin, identity));
    for (const [alias, target] of Object.entries(this.options.keyAliases ?? {})) {
      const s = this.servants.get(target.toLowerCase());
      if (s) this.servants.set(alias.toLowerCase(), s);
    }

    if (this.db) {
      for (const device of [...this.devicesByName.values(), this.admin]) {
        const ior = encodeIor({ host: publishHost, port: this.portValue, objectKey: device.name.toLowerCase() });
        await this.db.exportDevice(device.name, ior, hostname(), process.pid);
      }
      // Polling configuration stored by earlier runs (cppTango's polled_attr / polled_cmd properties).
      for (const device of this.devicesByName.values()) {
        const props = await this.db.deviceProperties(device.name, ['polled_attr', 'polled_cmd']);
        for (const [prop, type] of [
          ['polled_attr', 'attribute'],
          ['polled_cmd', 'command'],
        ] as const) {
          const list = props[prop] ?? [];
          for (let i = 0; i + 1 < list.length; i += 2) {
            try {
              this.poller.add(device, type, list[i]!, Number(list[i + 1]));
            } catch (err) {
              this.log.warn({ err, device: device.name, object: list[i] }, 'stored polling configuration ignored');
            }
          }
        }
      }
    }
    this.log.info({ port: this.portValue, devices: [...this.devicesByName.keys()] }, 'device server started');
    return { port: this.portValue };
  }

  private async createDevice(spec: DeviceClassSpec<unknown>, name: string): Promise<Device> {
    let properties: Record<string, string[]> | undefined;
    let attributeProperties: Record<string, Array<{ name: string; values: string[] }>> | undefined;
    if (this.db) {
      const known = await this.db.importDevice(name);
      if (!known) await this.db.addDevice(this.serverName, name, spec.name);
      properties = await this.db.deviceProperties(name, Object.keys(spec.properties ?? {}));
      const attrNames = (spec.attributes ?? []).map((a) => a.name);
      attributeProperties = await this.db.attributeProperties(name, attrNames);
    }
    const device = new Device(spec, name, { logger: this.options.logger, properties, attributeProperties });
    device.hooks = {
      pushEvent: (dev, attribute, kind, result) => {
        this.pushed.add(`${dev.name.toLowerCase()}/${attribute.toLowerCase()}`);
        this.publishValue(dev, attribute, kind, result);
      },
      pushDataReady: (dev, attribute, counter) => {
        const config = dev.config(attribute);
        this.publisher?.publish(dev.name, attribute, 'data_ready', () => ({ kind: 'AttDataReady', value: { name: config.name, data_type: config.data_type, ctr: counter } }));
      },
      configChanged: (dev, config, changed) => {
        this.publisher?.publishConfig(dev.name, config);
        if (this.db) void this.persistConfig(dev, config, changed);
      },
    };
    await device.init();
    return device;
  }

  private async persistConfig(dev: Device, config: AttrConfig, changed: string[]): Promise<void> {
    const db = this.db;
    if (!db) return;
    const fieldToProp: Record<string, string> = { event_period: 'event_period' };
    const put: Array<{ name: string; values: string[] }> = [];
    const del: string[] = [];
    for (const field of changed) {
      const prop = fieldToProp[field] ?? field;
      const get = CONFIG_PROPERTY_NAMES[prop];
      if (!get) continue;
      const v = get(config);
      if (v === NOT_SPECIFIED || v === '') del.push(prop);
      else put.push({ name: prop, values: v.includes(',') && (prop.endsWith('change')) ? v.split(',') : [v] });
    }
    try {
      if (put.length) await db.putAttributeProperties(dev.name, config.name, put);
      if (del.length) await db.deleteAttributeProperties(dev.name, config.name, del);
    } catch (err) {
      this.log.warn({ err, device: dev.name, attribute: config.name }, 'could not store the attribute configuration');
    }
  }

  private publishValue(dev: Device, attribute: string, kind: 'change' | 'archive' | 'user_event' | 'periodic', result: AttrReadResult): void {
    const value = toAttributeValue5(result);
    this.publisher?.publish(
      dev.name,
      attribute,
      kind,
      (idl) => (idl >= 5 ? { kind: 'AttributeValue_5', value } : { kind: 'AttributeValue_4', value }),
      result.errors.length ? result.errors : undefined,
    );
  }

  private onPolled(device: Device, result: AttrReadResult): void {
    const pub = this.publisher;
    if (!pub) return;
    const key = `${device.name.toLowerCase()}/${result.name.toLowerCase()}`;
    let tracker = this.trackers.get(key);
    if (!tracker) {
      tracker = new ChangeTracker();
      this.trackers.set(key, tracker);
    }
    for (const kind of tracker.evaluate(result, Date.now())) {
      if (pub.hasSubscribers(device.name, result.name, kind)) this.publishValue(device, result.name, kind, result);
    }
  }

  private async storePolling(deviceName: string): Promise<void> {
    if (!this.db || !this.poller) return;
    const list = this.poller.list(deviceName);
    for (const [prop, type] of [
      ['polled_attr', 'attribute'],
      ['polled_cmd', 'command'],
    ] as const) {
      const flat = list.filter((o) => o.type === type).flatMap((o) => [o.name.toLowerCase(), String(o.periodMs)]);
      if (flat.length) await this.db.putDeviceProperty(deviceName, prop, flat);
      else await this.db.deleteDeviceProperty(deviceName, prop);
    }
  }

  private control(): ServerControl {
    const poller = (): Poller => this.poller!;
    return {
      classes: () => [...new Set(this.devices.map((d) => d.className))],
      devices: () => this.devices.map((d) => ({ className: d.className, name: d.name })),
      addPolling: async (device, type, name, period) => {
        poller().add(this.device(device), type, name, period);
        await this.storePolling(this.device(device).name);
      },
      updatePolling: async (device, type, name, period) => {
        poller().update(this.device(device), type, name, period);
        await this.storePolling(this.device(device).name);
      },
      removePolling: async (device, type, name) => {
        poller().remove(this.device(device).name, type, name);
        this.trackers.delete(`${device.toLowerCase()}/${name.toLowerCase()}`);
        await this.storePolling(this.device(device).name);
      },
      startPolling: () => poller().start(),
      stopPolling: () => poller().stop(),
      polledDevices: () => poller().polledDevices(),
      pollStatus: (device) => poller().status(this.device(device).name),
      subscribe: (device, attribute, event, idl) => this.subscribe(device, attribute, event, idl),
      eventInfo: () => this.publisher!.info(),
      confirm: (triplets) => this.publisher!.confirm(triplets),
      restartDevice: async (name) => {
        const d = this.device(name);
        await d.init();
      },
      restartServer: async () => {
        for (const d of this.devices) await d.init();
      },
      kill: () => {
        setImmediate(() => {
          this.emit('kill');
          void this.close();
        });
      },
      propertyWizard: (className, kind) => {
        const d = this.devices.find((x) => x.className.toLowerCase() === className.toLowerCase());
        if (!d) throw new DeviceError('API_ClassNotFound', `class ${className} is not served here`, 'DServer::query_wizard');
        if (kind === 'class') return [];
        return Object.entries(d.spec.properties ?? {}).flatMap(([name, p]) => [name, p.description ?? 'No description', (p.default ?? []).join('\n') || 'No default value']);
      },
    };
  }

  private async subscribe(deviceName: string, attribute: string, event: string, idl: number): Promise<SubscriptionReply> {
    const device = this.device(deviceName);
    const { kind } = parseEventName(event, idl);
    if (kind !== 'intr_change' && kind !== 'pipe' && !device.hasAttribute(attribute)) {
      throw new DeviceError('API_AttrNotFound', `Attribute ${attribute} not found`, 'DServer::zmq_event_subscription_change');
    }
    if (kind === 'change' || kind === 'periodic' || kind === 'archive') {
      const polled = this.poller?.has(device.name, 'attribute', attribute) ?? false;
      const pushed = this.pushed.has(`${device.name.toLowerCase()}/${attribute.toLowerCase()}`) || device.pushesEvents(attribute, kind);
      if (!polled && !pushed) {
        throw new DeviceError(
          'API_AttributePollingNotStarted',
          `The polling (necessary to send events) for the attribute ${attribute} is not started`,
          'DServer::zmq_event_subscription_change',
        );
      }
      if (kind === 'change' && polled && !pushed) {
        const cfg = device.config(attribute);
        const type = device.attributeType(attribute);
        if (!changeConfigured({ type }, cfg.event_prop.ch_event.abs_change, cfg.event_prop.ch_event.rel_change)) {
          throw new DeviceError(
            'API_EventPropertiesNotSet',
            `Event properties (abs_change or rel_change) for attribute ${attribute} are not set`,
            'DServer::zmq_event_subscription_change',
          );
        }
      }
    }
    return this.publisher!.subscribe(device.name, attribute, event, idl);
  }

  /** Stops polling, unexports from the database, closes every connection (CloseConnection) and socket. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.poller?.close();
      if (this.db) {
        try {
          await this.db.unexportServer(this.serverName);
        } catch (err) {
          this.log.warn({ err }, 'DbUnExportServer failed');
        }
        await this.db.close();
      }
      await this.giop?.close();
      this.publisher?.close();
      for (const d of this.devices) {
        try {
          await d.dispose();
        } catch (err) {
          this.log.warn({ err, device: d.name }, 'device dispose failed');
        }
      }
    })();
    return this.closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Device names and the admin device as clients address them. */
  urls(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.devices) out[d.name] = this.deviceUrl(d.name);
    out[this.adminName] = this.deviceUrl(this.adminName);
    return out;
  }
}

function splitHostPort(s: string): [string, number] {
  const first = s.split(',')[0]!.trim();
  const i = first.lastIndexOf(':');
  const port = Number(first.slice(i + 1));
  if (i <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new DeviceError('API_TangoHostNotSet', `TANGO_HOST ${s} is not host:port`, 'DeviceServer::start');
  }
  return [first.slice(0, i), port];
}
