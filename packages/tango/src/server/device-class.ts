import type { Logger } from '@observatory/core';
import { ATTR_QUALITY, type AttrQuality } from '../idl/enums.js';
import type { AttrConfigOptions } from './attribute-config.js';
import type { AttrDataFormatName, AttrQualityValue, AttrWriteTypeName, AttributeTypeName, CommandTypeName, DevStateName } from './tango-types.js';

/** What device code can do from inside a read, write, command or init. */
export interface DeviceContext {
  /** The device name as served (`domain/family/member`, lower case kept as declared). */
  readonly name: string;
  readonly className: string;
  /** Device properties: declared defaults overridden by the database (values are strings, as in Tango). */
  readonly properties: Readonly<Record<string, readonly string[]>>;
  readonly logger: Logger;
  /** Current state and status (status defaults to "The device is in <STATE> state."). */
  readonly state: DevStateName;
  readonly status: string;
  setState(state: DevStateName): void;
  setStatus(status: string): void;
  /**
   * Pushes an event of `kind` for an attribute. Without `value` the attribute is read. Change and archive
   * events pushed here need no polling; they are sent as pushed (no threshold check), like cppTango's
   * `push_change_event` with `set_change_event(attr, true, false)`.
   */
  pushEvent(attribute: string, kind: 'change' | 'archive' | 'user_event', value?: unknown): Promise<void>;
  /** Data-ready event (`push_data_ready_event`): tells subscribers to read, carrying a counter. */
  pushDataReady(attribute: string, counter: number): void;
}

/** A read result with quality and/or timestamp; plain values mean VALID and now. */
export interface AttrReading {
  readonly [READING]: true;
  value: unknown;
  quality: AttrQualityValue;
  /** ms since the epoch */
  time?: number;
}
export const READING: unique symbol = Symbol('tango.reading');

/** Wraps a read value with a quality (code or `ATTR_ALARM`-style name) and optionally a timestamp in ms. */
export function reading(value: unknown, quality: AttrQualityValue | AttrQuality = 0, time?: number): AttrReading {
  const code = typeof quality === 'string' ? (ATTR_QUALITY.indexOf(quality) as AttrQualityValue) : quality;
  return { [READING]: true, value, quality: code, time };
}

export function isReading(v: unknown): v is AttrReading {
  return typeof v === 'object' && v !== null && (v as AttrReading)[READING] === true;
}

export interface AttributeSpec<S> extends AttrConfigOptions {
  name: string;
  type: AttributeTypeName;
  /** Default SCALAR. */
  format?: AttrDataFormatName;
  /** Default READ. */
  access?: AttrWriteTypeName;
  /** Spectrum/image maximum sizes (scalars: 1/0). */
  maxDimX?: number;
  maxDimY?: number;
  /** READ_WITH_WRITE: the WRITE attribute whose set point is reported. */
  writableAttrName?: string;
  /**
   * Returns the value (element, array, image `{dimX, dimY, data}` or rows) or a {@link reading}; may be async.
   * `undefined` means "no value" (`API_AttrValueNotSet`). Without `read`, a writable attribute reads back
   * its last written value.
   */
  read?(device: S, ctx: DeviceContext): unknown;
  /** Receives a value already checked against type, dims and min/max limits. */
  write?(device: S, value: unknown, ctx: DeviceContext): void | Promise<void>;
  /** Refuse reads/writes in some states (`API_AttrNotAllowed`). */
  allowed?(device: S, ctx: DeviceContext, request: 'read' | 'write'): boolean;
  /**
   * Device code pushes change/archive events itself (`ctx.pushEvent`), so clients may subscribe without
   * polling (cppTango's `set_change_event(attr, true, false)`).
   */
  pushChangeEvents?: boolean;
  pushArchiveEvents?: boolean;
  /** Initial set point of a writable attribute. */
  initialValue?: unknown;
}

export interface CommandSpec<S> {
  name: string;
  /** Default DevVoid. */
  in?: CommandTypeName;
  out?: CommandTypeName;
  inDesc?: string;
  outDesc?: string;
  level?: 'OPERATOR' | 'EXPERT';
  /** Gets the argument already checked against `in`; returns the result (checked against `out`). */
  run(device: S, argin: unknown, ctx: DeviceContext): unknown;
  allowed?(device: S, ctx: DeviceContext): boolean;
}

export interface PropertySpec {
  description?: string;
  default?: readonly string[];
}

/** A Tango device class written in TypeScript. */
export interface DeviceClassSpec<S> {
  /** Class name (`info().dev_class`). */
  name: string;
  description?: string;
  docUrl?: string;
  /** `info().dev_type`. */
  devType?: string;
  properties?: Record<string, PropertySpec>;
  attributes?: ReadonlyArray<AttributeSpec<S>>;
  commands?: ReadonlyArray<CommandSpec<S>>;
  /** Creates the per-device state; also called again by the `Init` command. */
  create(ctx: DeviceContext): S | Promise<S>;
  /** Called when the device is deleted (server shutdown, Init). */
  dispose?(device: S, ctx: DeviceContext): void | Promise<void>;
  /** Initial state (default UNKNOWN, as cppTango). */
  initialState?: DevStateName;
}

/** Identity helper that keeps the state type `S` inferred across the whole declaration. */
export function defineDeviceClass<S>(spec: DeviceClassSpec<S>): DeviceClassSpec<S> {
  return spec;
}
