import { DeviceError } from './device-error.js';
import type { AttrReadResult, Device } from './device.js';

export type PolledType = 'attribute' | 'command';

interface PolledObject {
  device: Device;
  type: PolledType;
  name: string;
  periodMs: number;
  timer: NodeJS.Timeout | undefined;
  lastDurationMs: number | undefined;
  lastAt: number | undefined;
  lastError: string | undefined;
}

export interface PollerOptions {
  /** Each polled attribute reading (events are decided there). */
  onAttribute(device: Device, result: AttrReadResult): void;
  /** Smallest accepted period (cppTango refuses < 20 ms by default). */
  minPeriodMs?: number;
}

/**
 * Polling of attributes and commands (the admin device's AddObjPolling family). One timer per object;
 * a reading never overlaps the previous one of the same object. Works with or without a database.
 */
export class Poller {
  private readonly objects = new Map<string, PolledObject>();
  private running = true;

  constructor(private readonly options: PollerOptions) {}

  private key(device: string, type: PolledType, name: string): string {
    return `${device.toLowerCase()}|${type}|${name.toLowerCase()}`;
  }

  has(device: string, type: PolledType, name: string): boolean {
    return this.objects.has(this.key(device, type, name));
  }

  period(device: string, type: PolledType, name: string): number | undefined {
    return this.objects.get(this.key(device, type, name))?.periodMs;
  }

  add(device: Device, type: PolledType, name: string, periodMs: number): void {
    const min = this.options.minPeriodMs ?? 20;
    if (!Number.isInteger(periodMs) || periodMs < min) {
      throw new DeviceError('API_NotSupported', `polling period ${periodMs} ms is below the minimum of ${min} ms`, 'DServer::add_obj_polling');
    }
    if (type === 'attribute' && !device.hasAttribute(name)) {
      throw new DeviceError('API_AttrNotFound', `Attribute ${name} not found`, 'DServer::add_obj_polling');
    }
    if (type === 'command') device.commandInfo(name);
    const key = this.key(device.name, type, name);
    if (this.objects.has(key)) {
      throw new DeviceError('API_AlreadyPolled', `${type} ${name} already polled`, 'DServer::add_obj_polling');
    }
    const canonical = type === 'attribute' ? (device.attributeNames().find((n) => n.toLowerCase() === name.toLowerCase()) ?? name) : device.commandInfo(name).name;
    const obj: PolledObject = { device, type, name: canonical, periodMs, timer: undefined, lastDurationMs: undefined, lastAt: undefined, lastError: undefined };
    this.objects.set(key, obj);
    if (this.running) this.schedule(obj, 0);
  }

  update(device: Device, type: PolledType, name: string, periodMs: number): void {
    const obj = this.objects.get(this.key(device.name, type, name));
    if (!obj) throw new DeviceError('API_NotPolled', `${type} ${name} is not polled`, 'DServer::upd_obj_polling_period');
    const min = this.options.minPeriodMs ?? 20;
    if (!Number.isInteger(periodMs) || periodMs < min) {
      throw new DeviceError('API_NotSupported', `polling period ${periodMs} ms is below the minimum of ${min} ms`, 'DServer::upd_obj_polling_period');
    }
    obj.periodMs = periodMs;
    if (obj.timer) clearTimeout(obj.timer);
    if (this.running) this.schedule(obj, periodMs);
  }

  remove(device: string, type: PolledType, name: string): void {
    const key = this.key(device, type, name);
    const obj = this.objects.get(key);
    if (!obj) throw new DeviceError('API_NotPolled', `${type} ${name} is not polled`, 'DServer::rem_obj_polling');
    if (obj.timer) clearTimeout(obj.timer);
    this.objects.delete(key);
  }

  /** Removes every object of a device (device deleted/restarted). */
  removeDevice(device: string): void {
    for (const [key, obj] of this.objects) {
      if (obj.device.name.toLowerCase() === device.toLowerCase()) {
        if (obj.timer) clearTimeout(obj.timer);
        this.objects.delete(key);
      }
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const obj of this.objects.values()) this.schedule(obj, 0);
  }

  stop(): void {
    this.running = false;
    for (const obj of this.objects.values()) {
      if (obj.timer) clearTimeout(obj.timer);
      obj.timer = undefined;
    }
  }

  get isRunning(): boolean {
    return this.running;
  }

  polledDevices(): string[] {
    return [...new Set([...this.objects.values()].map((o) => o.device.name))].sort();
  }

  /** What DevPollStatus reports, one string per object (cppTango's layout). */
  status(device: string, now = Date.now()): string[] {
    const out: string[] = [];
    for (const o of this.objects.values()) {
      if (o.device.name.toLowerCase() !== device.toLowerCase()) continue;
      const lines = [`Polled ${o.type} name = ${o.name}`, `Polling period (mS) = ${o.periodMs}`, 'Polling ring buffer depth = 10'];
      if (o.lastAt === undefined) lines.push('No data recorded yet');
      else {
        lines.push(`Time needed for the last ${o.type} reading (mS) = ${(o.lastDurationMs ?? 0).toFixed(3)}`);
        lines.push(`Data not updated since ${Math.max(0, Math.round(now - o.lastAt))} mS`);
        if (o.lastError) lines.push(`Last ${o.type} read FAILED :\n${o.lastError}`);
      }
      out.push(lines.join('\n'));
    }
    return out;
  }

  /** Every polled object as `[device, type, name, period]` (what `polled_attr` stores per device). */
  list(device?: string): Array<{ device: string; type: PolledType; name: string; periodMs: number }> {
    return [...this.objects.values()]
      .filter((o) => device === undefined || o.device.name.toLowerCase() === device.toLowerCase())
      .map((o) => ({ device: o.device.name, type: o.type, name: o.name, periodMs: o.periodMs }));
  }

  private schedule(obj: PolledObject, delay: number): void {
    obj.timer = setTimeout(() => void this.poll(obj), delay);
    obj.timer.unref();
  }

  private async poll(obj: PolledObject): Promise<void> {
    obj.timer = undefined;
    const started = performance.now();
    try {
      if (obj.type === 'attribute') {
        const result = await obj.device.readAttribute(obj.name);
        obj.lastError = result.errors[0] ? `${result.errors[0].reason}: ${result.errors[0].desc}` : undefined;
        this.options.onAttribute(obj.device, result);
      } else {
        await obj.device.command(obj.name, undefined);
        obj.lastError = undefined;
      }
    } catch (err) {
      obj.lastError = err instanceof Error ? err.message : String(err);
    }
    obj.lastDurationMs = performance.now() - started;
    obj.lastAt = Date.now();
    // Still polled and running: next reading one period after this one started.
    if (this.running && this.objects.get(this.key(obj.device.name, obj.type, obj.name)) === obj) {
      this.schedule(obj, Math.max(0, obj.periodMs - (performance.now() - started)));
    }
  }

  close(): void {
    this.stop();
    this.objects.clear();
  }
}
