import { componentLogger, type Logger } from '@observatory/core';
import { DevFailedError, type DevError } from '../errors/tango-errors.js';
import { applyConfig, buildConfig, configFromProperties, configNumber, type AttrConfig } from './attribute-config.js';
import { concatData, defaultElement, normaliseValue, userValue, type AttrData } from './attribute-values.js';
import { checkCommandValue } from './command-values.js';
import { DeviceError, toDevErrors } from './device-error.js';
import { isReading, type AttributeSpec, type CommandSpec, type DeviceClassSpec, type DeviceContext } from './device-class.js';
import { AttrQuality, DevState, type AttrDataFormatName, type AttrQualityValue, type AttributeTypeName, type CommandTypeName, type DevStateName } from './tango-types.js';

/** One attribute read as the servant encodes it (AttributeValue_5). */
export interface AttrReadResult {
  name: string;
  type: AttributeTypeName;
  config: AttrConfig;
  /** Read part followed by the set point for writable attributes; absent when the read failed. */
  data?: AttrData;
  /** Set point dims (0,0 for read-only). */
  wDimX: number;
  wDimY: number;
  quality: AttrQualityValue;
  /** ms since the epoch */
  time: number;
  errors: DevError[];
}

export interface DeviceCommandInfo {
  name: string;
  level: 'OPERATOR' | 'EXPERT';
  in: CommandTypeName;
  out: CommandTypeName;
  inDesc: string;
  outDesc: string;
}

/** Hooks the server installs on each device (events, persistence). */
export interface DeviceHooks {
  pushEvent?(device: Device, attribute: string, kind: 'change' | 'archive' | 'user_event', result: AttrReadResult): void;
  pushDataReady?(device: Device, attribute: string, counter: number): void;
  configChanged?(device: Device, config: AttrConfig, changed: string[]): void;
}

interface AttrRuntime {
  spec: AttributeSpec<unknown>;
  type: AttributeTypeName;
  format: AttrDataFormatName;
  defaults: AttrConfig;
  config: AttrConfig;
  /** Last written value (set point) of a writable attribute. */
  setPoint?: AttrData;
}

const BUILTIN_STATE: AttributeSpec<unknown> = { name: 'State', type: 'DevState' };
const BUILTIN_STATUS: AttributeSpec<unknown> = { name: 'Status', type: 'DevString' };

const ORIGIN_READ = 'Device_5Impl::read_attributes_5';
const ORIGIN_WRITE = 'Device_4Impl::write_attributes_4';

/** A served device: one instance of a device class, with its attributes, commands, state and config. */
export class Device {
  readonly className: string;
  readonly logger: Logger;
  private impl: unknown;
  private readonly attrs = new Map<string, AttrRuntime>();
  private readonly attrOrder: string[] = [];
  private readonly commands = new Map<string, CommandSpec<unknown>>();
  private stateValue: DevStateName;
  private statusValue: string | undefined;
  private properties: Record<string, readonly string[]> = {};
  readonly context: DeviceContext;
  hooks: DeviceHooks = {};

  constructor(
    readonly spec: DeviceClassSpec<unknown>,
    readonly name: string,
    options: { logger?: Logger; properties?: Record<string, readonly string[]>; attributeProperties?: Record<string, Array<{ name: string; values: string[] }>> } = {},
  ) {
    this.className = spec.name;
    this.logger = componentLogger(options.logger, 'tango-device').child({ device: name });
    this.stateValue = spec.initialState ?? 'UNKNOWN';
    for (const [key, p] of Object.entries(spec.properties ?? {})) if (p.default) this.properties[key] = p.default;
    for (const [key, values] of Object.entries(options.properties ?? {})) this.properties[key] = values;
    for (const a of [...(spec.attributes ?? []), BUILTIN_STATE, BUILTIN_STATUS]) this.declareAttribute(a, options.attributeProperties?.[a.name.toLowerCase()]);
    for (const c of spec.commands ?? []) this.commands.set(c.name.toLowerCase(), c);
    this.context = makeContext(this);
  }

  /** Device properties (declared defaults overridden by the database). */
  get propertyValues(): Readonly<Record<string, readonly string[]>> {
    return this.properties;
  }

  private declareAttribute(spec: AttributeSpec<unknown>, dbProps?: Array<{ name: string; values: string[] }>): void {
    const format = spec.format ?? 'SCALAR';
    const access = spec.access ?? 'READ';
    const maxDimX = format === 'SCALAR' ? 1 : (spec.maxDimX ?? 1);
    const maxDimY = format === 'IMAGE' ? (spec.maxDimY ?? 1) : 0;
    if (spec.type === 'DevEnum' && !(spec.enumLabels && spec.enumLabels.length > 0)) {
      throw new DeviceError('API_AttrOptProp', `DevEnum attribute ${spec.name} needs enumLabels`, 'Device::declareAttribute');
    }
    const defaults = buildConfig({ name: spec.name, type: spec.type, format, access, maxDimX, maxDimY, writableAttrName: spec.writableAttrName }, spec);
    const rt: AttrRuntime = { spec, type: spec.type, format, defaults, config: dbProps ? configFromProperties(defaults, dbProps) : structuredClone(defaults) };
    if (access === 'WRITE' || access === 'READ_WRITE') {
      const initial = spec.initialValue ?? (format === 'SCALAR' ? defaultElement(spec.type) : format === 'SPECTRUM' ? [] : { dimX: 0, dimY: 0, data: [] });
      rt.setPoint = normaliseValue(spec.name, spec.type, format, initial, maxDimX, maxDimY);
    }
    const key = spec.name.toLowerCase();
    if (this.attrs.has(key)) throw new DeviceError('API_AttrOptProp', `attribute ${spec.name} declared twice`, 'Device::declareAttribute');
    this.attrs.set(key, rt);
    this.attrOrder.push(key);
  }

  /** Creates the device state (server start, and again on `Init`). */
  async init(): Promise<void> {
    if (this.impl !== undefined) await this.spec.dispose?.(this.impl, this.context);
    this.statusValue = undefined;
    this.impl = await this.spec.create(this.context);
  }

  async dispose(): Promise<void> {
    if (this.impl !== undefined) await this.spec.dispose?.(this.impl, this.context);
    this.impl = undefined;
  }

  get state(): DevStateName {
    return this.stateValue;
  }

  setState(s: DevStateName): void {
    if (!(s in DevState)) throw new DeviceError('API_IncompatibleArgumentType', `${String(s)} is not a DevState`, 'Device::setState');
    const before = this.stateValue;
    this.stateValue = s;
    if (before !== s) this.logger.debug({ from: before, to: s }, 'state');
  }

  setStatus(status: string): void {
    this.statusValue = status;
  }

  pushDataReady(attribute: string, counter: number): void {
    this.findAttr(attribute);
    this.hooks.pushDataReady?.(this, attribute, counter);
  }

  status(): string {
    return this.statusValue ?? `The device is in ${this.stateValue} state.`;
  }

  get description(): string {
    return this.spec.description ?? 'A Tango device';
  }

  // ---------------- attributes ----------------

  attributeNames(): string[] {
    return this.attrOrder.map((k) => this.attrs.get(k)!.spec.name);
  }

  hasAttribute(name: string): boolean {
    return this.attrs.has(name.toLowerCase());
  }

  private findAttr(name: string): AttrRuntime {
    const a = this.attrs.get(name.toLowerCase());
    if (!a) throw new DeviceError('API_AttrNotFound', `Attribute ${name} not found`, 'MultiAttribute::get_attr_by_name');
    return a;
  }

  attributeType(name: string): AttributeTypeName {
    return this.findAttr(name).type;
  }

  /** Whether device code declared it pushes `kind` events for an attribute (no polling needed). */
  pushesEvents(name: string, kind: 'change' | 'archive' | 'periodic'): boolean {
    const spec = this.attrs.get(name.toLowerCase())?.spec;
    if (!spec) return false;
    return kind === 'change' ? !!spec.pushChangeEvents : kind === 'archive' ? !!spec.pushArchiveEvents : false;
  }

  config(name: string): AttrConfig {
    return this.findAttr(name).config;
  }

  /** AttributeConfig_5 list; `All attributes_3`/`All attributes` mean every attribute. */
  configs(names: readonly string[]): AttrConfig[] {
    if (names.length === 1 && (names[0] === 'All attributes_3' || names[0] === 'All attributes')) {
      return this.attrOrder.map((k) => this.attrs.get(k)!.config);
    }
    return names.map((n) => this.findAttr(n).config);
  }

  /** set_attribute_config: applies every entry or none. */
  setConfigs(wanted: readonly AttrConfig[]): void {
    const results = wanted.map((w) => {
      const rt = this.findAttr(w.name);
      return { rt, ...applyConfig(rt.config, w, rt.defaults) };
    });
    for (const { rt, config, changed } of results) {
      rt.config = config;
      if (changed.length > 0) this.hooks.configChanged?.(this, config, changed);
    }
  }

  /** Reads one attribute; failures come back inside the result (T-IDL-4), never thrown. */
  async readAttribute(name: string): Promise<AttrReadResult> {
    return this.readAttributeNow(name);
  }

  /**
   * {@link readAttribute} without a promise when the attribute's read function answers synchronously: the
   * servant then answers a read in the same tick it arrived (a promise per step was a good part of a read's
   * cost). An asynchronous read function gives a promise.
   */
  readAttributeNow(name: string): AttrReadResult | Promise<AttrReadResult> {
    const rt = this.attrs.get(name.toLowerCase());
    const now = Date.now();
    if (!rt) {
      return failedRead(name, now, [{ reason: 'API_AttrNotFound', severity: 'ERR', desc: `Attribute ${name} not found`, origin: 'MultiAttribute::get_attr_by_name' }]);
    }
    const { spec, config } = rt;
    try {
      if (spec === BUILTIN_STATE) {
        return readResult(rt, { data: new Uint32Array([DevState[this.stateValue]]), dimX: 1, dimY: 0 }, AttrQuality.VALID, now);
      }
      if (spec === BUILTIN_STATUS) {
        return readResult(rt, { data: [this.status()], dimX: 1, dimY: 0 }, AttrQuality.VALID, now);
      }
      if (spec.allowed && !spec.allowed(this.impl, this.context, 'read')) {
        throw new DeviceError('API_AttrNotAllowed', `It is currently not allowed to read attribute ${spec.name}`, 'Device_3Impl::read_attributes_no_except');
      }
      let raw: unknown;
      if (config.writable === 'WRITE') raw = undefined;
      else if (spec.read) {
        raw = spec.read(this.impl, this.context);
        if (raw instanceof Promise) {
          return raw.then(
            (value: unknown) => this.completeRead(rt, value, now),
            (err: unknown) => failedRead(spec.name, now, toDevErrors(err, ORIGIN_READ), rt.type, config),
          );
        }
      } else if (rt.setPoint) raw = userValue(rt.format, rt.setPoint);
      return this.completeRead(rt, raw, now);
    } catch (err) {
      return failedRead(spec.name, now, toDevErrors(err, ORIGIN_READ), rt.type, config);
    }
  }

  /** The read result from what the read function returned (value or `reading(...)`), set point added. */
  private completeRead(rt: AttrRuntime, value: unknown, now: number): AttrReadResult {
    const { spec, config } = rt;
    try {
      const access = config.writable;
      let raw = value;
      let quality: AttrQualityValue = AttrQuality.VALID;
      let time = now;
      if (isReading(raw)) {
        quality = raw.quality;
        time = raw.time ?? now;
        raw = raw.value;
      }
      let readPart: AttrData | undefined;
      if (access !== 'WRITE') {
        if (raw === undefined || (quality === AttrQuality.INVALID && raw === null)) {
          if (quality === AttrQuality.INVALID) return readResult(rt, undefined, quality, time);
          throw new DeviceError('API_AttrValueNotSet', `Value for attribute ${spec.name} has not been updated`, 'Device_3Impl::read_attributes_no_except');
        }
        readPart = normaliseValue(spec.name, rt.type, rt.format, raw, config.max_dim_x, config.max_dim_y);
        if (quality === AttrQuality.VALID) quality = alarmQuality(config, readPart);
      }
      // Set point: own for WRITE/READ_WRITE, the associated attribute's for READ_WITH_WRITE.
      let setPoint: AttrData | undefined;
      if (access === 'WRITE' || access === 'READ_WRITE') setPoint = rt.setPoint;
      else if (access === 'READ_WITH_WRITE') setPoint = this.attrs.get(config.writable_attr_name.toLowerCase())?.setPoint;
      if (access === 'WRITE') {
        const sp = setPoint ?? { data: [], dimX: 0, dimY: 0 };
        return readResult(rt, sp, quality, time, sp.dimX, sp.dimY);
      }
      const data = setPoint ? { data: concatData(rt.type, readPart!.data, setPoint.data, spec.name), dimX: readPart!.dimX, dimY: readPart!.dimY } : readPart!;
      return readResult(rt, data, quality, time, setPoint?.dimX ?? 0, setPoint?.dimY ?? 0);
    } catch (err) {
      return failedRead(spec.name, now, toDevErrors(err, ORIGIN_READ), rt.type, config);
    }
  }

  /**
   * Writes one attribute from wire data (flat elements + dims). Validation: writable, type, dims, min/max,
   * enum range. Throws DeviceError (the servant turns it into MultiDevFailed).
   */
  async writeAttribute(name: string, value: AttrData): Promise<void> {
    const rt = this.findAttr(name);
    const { spec, config } = rt;
    if (config.writable === 'READ' || config.writable === 'READ_WITH_WRITE') {
      throw new DeviceError('API_AttrNotWritable', `Attribute ${spec.name} is not writable`, ORIGIN_WRITE);
    }
    if (spec.allowed && !spec.allowed(this.impl, this.context, 'write')) {
      throw new DeviceError('API_AttrNotAllowed', `It is currently not allowed to write attribute ${spec.name}`, ORIGIN_WRITE);
    }
    const format = rt.format;
    const count = format === 'SCALAR' ? 1 : format === 'SPECTRUM' ? value.dimX : value.dimX * value.dimY;
    if (format === 'SCALAR' && value.data.length !== 1) {
      throw new DeviceError('API_AttrIncorrectDataNumber', `Attribute ${spec.name}: a scalar takes one value, got ${value.data.length}`, ORIGIN_WRITE);
    }
    if (format !== 'SCALAR' && (value.dimX > config.max_dim_x || value.dimY > config.max_dim_y)) {
      throw new DeviceError(
        'API_WAttrOutsideLimit',
        `Attribute ${spec.name}: dimensions ${value.dimX}x${value.dimY} exceed the maximum ${config.max_dim_x}x${config.max_dim_y}`,
        ORIGIN_WRITE,
      );
    }
    if (value.data.length !== count) {
      throw new DeviceError('API_AttrIncorrectDataNumber', `Attribute ${spec.name}: ${value.data.length} values for dimensions ${value.dimX}x${value.dimY}`, ORIGIN_WRITE);
    }
    const checked = normaliseValue(
      spec.name,
      rt.type,
      format,
      format === 'SCALAR' ? value.data[0] : format === 'SPECTRUM' ? value.data : { dimX: value.dimX, dimY: value.dimY, data: value.data },
      config.max_dim_x,
      config.max_dim_y,
    );
    checkLimits(config, checked, rt.type);
    if (spec.write) await spec.write(this.impl, userValue(format, checked), this.context);
    rt.setPoint = checked;
  }

  // ---------------- commands ----------------

  private commandCache: DeviceCommandInfo[] | undefined;
  private commandIndex: Map<string, DeviceCommandInfo> | undefined;

  commandList(): DeviceCommandInfo[] {
    this.commandCache ??= this.buildCommandList();
    return this.commandCache;
  }

  private buildCommandList(): DeviceCommandInfo[] {
    const list: DeviceCommandInfo[] = [
      { name: 'Init', level: 'OPERATOR', in: 'DevVoid', out: 'DevVoid', inDesc: 'Uninitialised', outDesc: 'Uninitialised' },
      { name: 'State', level: 'OPERATOR', in: 'DevVoid', out: 'DevState', inDesc: 'Uninitialised', outDesc: 'Device state' },
      { name: 'Status', level: 'OPERATOR', in: 'DevVoid', out: 'DevString', inDesc: 'Uninitialised', outDesc: 'Device status' },
    ];
    for (const c of this.commands.values()) {
      if (['init', 'state', 'status'].includes(c.name.toLowerCase())) continue;
      list.push({ name: c.name, level: c.level ?? 'OPERATOR', in: c.in ?? 'DevVoid', out: c.out ?? 'DevVoid', inDesc: c.inDesc ?? 'Uninitialised', outDesc: c.outDesc ?? 'Uninitialised' });
    }
    // cppTango answers command_list_query sorted by name.
    return list.sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0));
  }

  commandInfo(name: string): DeviceCommandInfo {
    this.commandIndex ??= new Map(this.commandList().map((c) => [c.name.toLowerCase(), c]));
    const info = this.commandIndex.get(name.toLowerCase());
    if (!info) throw new DeviceError('API_CommandNotFound', `Command ${name} not found`, 'Device_2Impl::command_query_2');
    return info;
  }

  /** Runs a command; argin is checked against the declared type first, the result after. */
  async command(name: string, argin: unknown): Promise<{ type: CommandTypeName; value: unknown }> {
    const key = name.toLowerCase();
    const spec = this.commands.get(key);
    if (!spec) {
      if (key === 'state') return { type: 'DevState', value: DevState[this.stateValue] };
      if (key === 'status') return { type: 'DevString', value: this.status() };
      if (key === 'init') {
        await this.init();
        return { type: 'DevVoid', value: undefined };
      }
      throw new DeviceError('API_CommandNotFound', `Command ${name} not found`, 'DeviceClass::command_handler');
    }
    const inType = spec.in ?? 'DevVoid';
    const outType = spec.out ?? 'DevVoid';
    const arg = checkCommandValue(spec.name, inType, argin, 'argin');
    if (spec.allowed && !spec.allowed(this.impl, this.context)) {
      throw new DeviceError('API_CommandNotAllowed', `Command ${spec.name} not allowed when the device is in ${this.stateValue} state`, 'DeviceClass::command_handler');
    }
    let result: unknown;
    try {
      result = await spec.run(this.impl, arg, this.context);
    } catch (err) {
      throw err instanceof DevFailedError ? err : new DevFailedError(toDevErrors(err, `${this.className}::${spec.name}`), { cause: err });
    }
    return { type: outType, value: checkCommandValue(spec.name, outType, result, 'argout') };
  }

  // ---------------- events pushed by device code ----------------

  /** @internal used by the device context */
  async pushEvent(attribute: string, kind: 'change' | 'archive' | 'user_event', value?: unknown): Promise<void> {
    const rt = this.findAttr(attribute);
    let result: AttrReadResult;
    if (value === undefined) result = await this.readAttribute(attribute);
    else {
      let raw: unknown = value;
      let quality: AttrQualityValue = AttrQuality.VALID;
      let time = Date.now();
      if (isReading(raw)) {
        quality = raw.quality;
        time = raw.time ?? time;
        raw = raw.value;
      }
      const data = normaliseValue(rt.spec.name, rt.type, rt.format, raw, rt.config.max_dim_x, rt.config.max_dim_y);
      result = { name: rt.spec.name, type: rt.type, config: rt.config, data, wDimX: 0, wDimY: 0, quality, time, errors: [] };
    }
    this.hooks.pushEvent?.(this, rt.spec.name, kind, result);
  }
}

/** A read result; one literal for every result, so they all share one object shape. */
function readResult(rt: AttrRuntime, data: AttrData | undefined, quality: AttrQualityValue, time: number, wDimX = 0, wDimY = 0): AttrReadResult {
  return { name: rt.spec.name, type: rt.type, config: rt.config, data, wDimX, wDimY, quality, time, errors: [] };
}

function failedRead(name: string, time: number, errors: DevError[], type?: AttributeTypeName, config?: AttrConfig): AttrReadResult {
  return {
    name,
    type: type ?? 'DevLong',
    config: config ?? buildConfig({ name, type: 'DevLong', format: 'SCALAR', access: 'READ', maxDimX: 1, maxDimY: 0 }, {}),
    data: undefined,
    wDimX: 0,
    wDimY: 0,
    quality: AttrQuality.INVALID,
    time,
    errors,
  };
}

function numericElements(d: AttrData): number[] | undefined {
  const first = d.data[0];
  if (typeof first === 'number') return Array.from(d.data as ArrayLike<number>);
  if (typeof first === 'bigint') return Array.from(d.data as ArrayLike<bigint>, Number);
  return undefined;
}

/** ALARM / WARNING quality from the configured alarm and warning limits. */
function alarmQuality(config: AttrConfig, d: AttrData): AttrQualityValue {
  if (config.data_type === 19 || config.data_type === 8 || config.data_type === 1) return AttrQuality.VALID;
  const a = config.att_alarm;
  const minA = configNumber(a.min_alarm);
  const maxA = configNumber(a.max_alarm);
  const minW = configNumber(a.min_warning);
  const maxW = configNumber(a.max_warning);
  if (minA === undefined && maxA === undefined && minW === undefined && maxW === undefined) return AttrQuality.VALID;
  const values = numericElements(d);
  if (!values) return AttrQuality.VALID;
  let q: AttrQualityValue = AttrQuality.VALID;
  for (const v of values) {
    if ((minA !== undefined && v < minA) || (maxA !== undefined && v > maxA)) return AttrQuality.ALARM;
    if ((minW !== undefined && v < minW) || (maxW !== undefined && v > maxW)) q = AttrQuality.WARNING;
  }
  return q;
}

function checkLimits(config: AttrConfig, d: AttrData, type: AttributeTypeName): void {
  if (type === 'DevEnum') {
    const n = config.enum_labels.length;
    for (const v of Array.from(d.data as ArrayLike<number>)) {
      if (v < 0 || v >= n) {
        throw new DeviceError('API_WAttrOutsideLimit', `Attribute ${config.name}: enum value ${v} outside 0..${n - 1}`, ORIGIN_WRITE);
      }
    }
    return;
  }
  const min = configNumber(config.min_value);
  const max = configNumber(config.max_value);
  if (min === undefined && max === undefined) return;
  const values = numericElements(d);
  if (!values) return;
  for (const v of values) {
    if (min !== undefined && v < min) {
      throw new DeviceError('API_WAttrOutsideLimit', `Set value for attribute ${config.name} is below the minimum authorized (${config.min_value})`, ORIGIN_WRITE);
    }
    if (max !== undefined && v > max) {
      throw new DeviceError('API_WAttrOutsideLimit', `Set value for attribute ${config.name} is above the maximum authorized (${config.max_value})`, ORIGIN_WRITE);
    }
  }
}


function makeContext(device: Device): DeviceContext {
  return {
    get name() {
      return device.name;
    },
    get className() {
      return device.className;
    },
    get properties() {
      return device.propertyValues;
    },
    get logger() {
      return device.logger;
    },
    get state() {
      return device.state;
    },
    get status() {
      return device.status();
    },
    setState: (s) => device.setState(s),
    setStatus: (s) => device.setStatus(s),
    pushEvent: (attribute, kind, value) => device.pushEvent(attribute, kind, value),
    pushDataReady: (attribute, counter) => device.pushDataReady(attribute, counter),
  };
}
