import { CdrReader } from '../cdr/reader.js';
import { CdrWriter } from '../cdr/writer.js';
import { CdrDecodeError } from '../errors/tango-errors.js';
import type { DevError } from '../errors/tango-errors.js';
import {
  readAttributeConfig5,
  readAttributeValue4,
  readAttributeValue5,
  readDevCmdInfo2,
  readDevErrorList,
  writeAttributeConfig5,
  writeAttributeValue4,
  writeAttributeValue5,
  writeDevCmdInfo2,
  writeDevErrorList,
  type AttributeConfig_5,
  type AttributeValue_4,
  type AttributeValue_5,
  type DevCmdInfo_2,
} from './structs.js';

/** ZmqCallInfo, the third frame of every event and heartbeat (T-IDL-2, T-EVT-3). */
export interface ZmqCallInfo {
  version: number;
  ctr: number;
  method_name: string;
  oid: Uint8Array;
  call_is_except: boolean;
}

export interface AttDataReady {
  name: string;
  data_type: number;
  ctr: number;
}

export interface DevIntrChange {
  dev_started: boolean;
  cmds: DevCmdInfo_2[];
  atts: AttributeConfig_5[];
}

/** The 4 filler bytes at the start of an event data frame (0xDEC0DEC0 in the sender's order). */
export const EVENT_DATA_FILLER = Buffer.from('c0dec0de', 'hex');

function orderOf(frame: Buffer | undefined): boolean {
  if (!frame || frame.length !== 1 || frame[0]! > 1) throw new CdrDecodeError('event byte-order frame is not one octet 0/1', 0);
  return frame[0] === 1;
}

/** Frame 1: one octet, 1 = little-endian. */
export function decodeEventByteOrder(frame: Buffer | undefined): boolean {
  return orderOf(frame);
}

export function decodeZmqCallInfo(frame: Buffer, little: boolean): ZmqCallInfo {
  const r = new CdrReader(frame, little, 0, 0);
  const info: ZmqCallInfo = { version: r.long(), ctr: r.ulong(), method_name: r.string(), oid: r.octetSeq(), call_is_except: r.boolean() };
  r.expectEnd('ZmqCallInfo');
  return info;
}

export function encodeZmqCallInfo(info: ZmqCallInfo): Buffer {
  const w = new CdrWriter(32);
  w.long(info.version);
  w.ulong(info.ctr);
  w.string(info.method_name);
  w.octetSeq(info.oid);
  w.boolean(info.call_is_except);
  return Buffer.from(w.view());
}

/** Payload kinds of an event data frame, chosen by the event name (T-EVT-3). */
export type EventPayloadKind = 'AttributeValue_5' | 'AttributeValue_4' | 'AttributeConfig_5' | 'AttDataReady' | 'DevIntrChange' | 'DevErrorList';

export type EventPayload =
  | { kind: 'AttributeValue_5'; value: AttributeValue_5 }
  | { kind: 'AttributeValue_4'; value: AttributeValue_4 }
  | { kind: 'AttributeConfig_5'; value: AttributeConfig_5 }
  | { kind: 'AttDataReady'; value: AttDataReady }
  | { kind: 'DevIntrChange'; value: DevIntrChange }
  | { kind: 'DevErrorList'; value: DevError[] };

/** A reader over an event data frame: origin 4 bytes before the frame, past the 4 filler bytes. */
function dataReader(frame: Buffer, little: boolean): CdrReader {
  if (frame.length < 4) throw new CdrDecodeError('event data frame shorter than its filler', 0);
  return new CdrReader(frame, little, 4, -4);
}

export function decodeEventPayload(frame: Buffer, little: boolean, kind: EventPayloadKind): EventPayload {
  const r = dataReader(frame, little);
  let out: EventPayload;
  switch (kind) {
    case 'AttributeValue_5':
      out = { kind, value: readAttributeValue5(r) };
      break;
    case 'AttributeValue_4':
      out = { kind, value: readAttributeValue4(r) };
      break;
    case 'AttributeConfig_5':
      out = { kind, value: readAttributeConfig5(r) };
      break;
    case 'AttDataReady':
      out = { kind, value: { name: r.string(), data_type: r.long(), ctr: r.long() } };
      break;
    case 'DevIntrChange':
      out = { kind, value: { dev_started: r.boolean(), cmds: r.sequence(28, readDevCmdInfo2), atts: r.sequence(100, readAttributeConfig5) } };
      break;
    case 'DevErrorList':
      out = { kind, value: readDevErrorList(r) };
      break;
  }
  r.expectEnd(`${kind} event payload`);
  return out;
}

/** Encodes an event data frame (filler + CDR payload with the shifted origin) as a TS publisher sends it. */
export function encodeEventPayload(payload: EventPayload): Buffer {
  const w = new CdrWriter(256, 4);
  w.raw(EVENT_DATA_FILLER);
  switch (payload.kind) {
    case 'AttributeValue_5':
      writeAttributeValue5(w, payload.value);
      break;
    case 'AttributeValue_4':
      writeAttributeValue4(w, payload.value);
      break;
    case 'AttributeConfig_5':
      writeAttributeConfig5(w, payload.value);
      break;
    case 'AttDataReady':
      w.string(payload.value.name);
      w.long(payload.value.data_type);
      w.long(payload.value.ctr);
      break;
    case 'DevIntrChange':
      w.boolean(payload.value.dev_started);
      w.sequence(payload.value.cmds, writeDevCmdInfo2);
      w.sequence(payload.value.atts, writeAttributeConfig5);
      break;
    case 'DevErrorList':
      writeDevErrorList(w, payload.value);
      break;
  }
  return Buffer.from(w.view());
}

/** The payload kind for an event name (with or without the `idl5_` prefix) and a call_is_except flag. */
export function payloadKindFor(eventName: string, isExcept: boolean): EventPayloadKind {
  if (isExcept) return 'DevErrorList';
  const name = eventName.replace(/^idl\d+_/, '');
  if (name === 'attr_conf') return 'AttributeConfig_5';
  if (name === 'data_ready') return 'AttDataReady';
  if (name === 'intr_change') return 'DevIntrChange';
  // change/periodic/archive/user_event: this client always subscribes as IDL 5.
  return 'AttributeValue_5';
}
