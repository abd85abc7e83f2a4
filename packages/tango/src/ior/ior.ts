import { CdrReader } from '../cdr/reader.js';
import { CdrWriter } from '../cdr/writer.js';
import { CdrDecodeError, TangoNameError } from '../errors/tango-errors.js';

export interface TaggedComponent {
  tag: number;
  data: Buffer;
}

export interface IiopProfile {
  major: number;
  minor: number;
  host: string;
  port: number;
  objectKey: Buffer;
  components: TaggedComponent[];
}

export interface Ior {
  typeId: string;
  /** Every profile as sent (tag + raw data). */
  profiles: { tag: number; data: Buffer }[];
  /** The first TAG_INTERNET_IOP profile, decoded. */
  iiop: IiopProfile | undefined;
  little: boolean;
}

export const TAG_INTERNET_IOP = 0;
export const TAG_ORB_TYPE = 0;
export const TAG_CODE_SETS = 1;
/** The longest IOR string accepted (a Tango IOR is ~300 characters). */
export const MAX_IOR_CHARS = 65536;

/** Parses `IOR:<hex>` (T-NAME-3). Typed `TANGO_DECODE`/`TANGO_NAME_INVALID` errors only. */
export function parseIor(text: string): Ior {
  const s = text.trim();
  if (!/^IOR:/i.test(s)) throw new TangoNameError(`not an IOR string: ${JSON.stringify(s.slice(0, 40))}`);
  const hex = s.slice(4);
  if (hex.length > MAX_IOR_CHARS || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new TangoNameError('IOR hex is malformed');
  }
  const buf = Buffer.from(hex, 'hex');
  if (buf.length < 1 || buf[0]! > 1) throw new CdrDecodeError('IOR: invalid byte order octet', 0);
  return decodeIorBody(new CdrReader(buf, buf[0] === 1, 1, 0));
}

/** Decodes an IOR struct (type id + profiles) at the reader's position, e.g. inside a LOCATION_FORWARD reply. */
export function decodeIorBody(r: CdrReader): Ior {
  const little = r.little;
  const typeId = r.string();
  const profiles = r.sequence(8, (x) => ({ tag: x.ulong(), data: x.octets() }));
  let iiop: IiopProfile | undefined;
  for (const p of profiles) {
    if (p.tag !== TAG_INTERNET_IOP) continue;
    iiop = decodeIiopProfile(p.data);
    break;
  }
  return { typeId, profiles, iiop, little };
}

export function decodeIiopProfile(data: Buffer): IiopProfile {
  if (data.length < 1 || data[0]! > 1) throw new CdrDecodeError('IIOP profile: invalid byte order octet', 0);
  const r = new CdrReader(data, data[0] === 1, 1, 0);
  const major = r.octet();
  const minor = r.octet();
  const host = r.string();
  const port = r.ushort();
  const objectKey = r.octets();
  const components = major === 1 && minor === 0 ? [] : r.sequence(8, (x) => ({ tag: x.ulong(), data: x.octets() }));
  return { major, minor, host, port, objectKey, components };
}

export interface IorOptions {
  typeId?: string;
  host: string;
  port: number;
  objectKey: Buffer | string;
  /** IIOP minor version (default 2). */
  minor?: number;
  /** Advertise omniORB's ORB type (default false). */
  orbType?: boolean;
}

/** CODE_SETS component: char ISO-8859-1 (conversion UTF-8), wchar UTF-16 (T-NAME-3). */
export function codeSetsComponent(): TaggedComponent {
  const w = new CdrWriter(32);
  w.octet(1);
  w.ulong(0x00010001);
  w.ulongSeq([0x05010001]);
  w.ulong(0x00010109);
  w.ulongSeq([]);
  return { tag: TAG_CODE_SETS, data: Buffer.from(w.view()) };
}

/** Encodes an IOR string for a Device_5 served at host:port (what a TS server exports). */
export function encodeIor(options: IorOptions): string {
  const minor = options.minor ?? 2;
  const key = typeof options.objectKey === 'string' ? Buffer.from(options.objectKey, 'latin1') : options.objectKey;
  const components: TaggedComponent[] = [];
  if (options.orbType) components.push({ tag: TAG_ORB_TYPE, data: Buffer.from('0100000000545441', 'hex') });
  components.push(codeSetsComponent());
  return encodeIorFrom({
    typeId: options.typeId ?? 'IDL:Tango/Device_5:1.0',
    profiles: [{ tag: TAG_INTERNET_IOP, data: encodeIiopProfile({ major: 1, minor, host: options.host, port: options.port, objectKey: key, components }) }],
  });
}

export function encodeIiopProfile(p: IiopProfile): Buffer {
  const w = new CdrWriter(128);
  w.octet(1);
  w.octet(p.major);
  w.octet(p.minor);
  w.string(p.host);
  w.ushort(p.port);
  w.octets(p.objectKey);
  if (!(p.major === 1 && p.minor === 0)) w.sequence(p.components, (x, c) => {
    x.ulong(c.tag);
    x.octets(c.data);
  });
  return Buffer.from(w.view());
}

export function encodeIorFrom(ior: { typeId: string; profiles: { tag: number; data: Buffer }[] }): string {
  const w = new CdrWriter(256);
  w.octet(1);
  w.string(ior.typeId);
  w.sequence(ior.profiles, (x, p) => {
    x.ulong(p.tag);
    x.octets(p.data);
  });
  return `IOR:${w.view().toString('hex')}`;
}
