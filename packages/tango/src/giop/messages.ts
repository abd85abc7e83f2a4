import { CdrReader } from '../cdr/reader.js';
import { CdrWriter } from '../cdr/writer.js';
import { CdrDecodeError, GiopProtocolError, type CompletionStatus } from '../errors/tango-errors.js';
import {
  COMPLETION_STATUS,
  GIOP_HEADER_BYTES,
  GIOP_MAGIC,
  MessageType,
  RESPONSE_FLAGS_ONEWAY,
  RESPONSE_FLAGS_TWO_WAY,
  ReplyStatus,
  messageTypeNames,
  type MessageTypeName,
} from './constants.js';

export type GiopMinor = 0 | 1 | 2;

export interface ServiceContext {
  id: number;
  data: Buffer;
}

export interface GiopHeader {
  major: 1;
  minor: GiopMinor;
  little: boolean;
  /** Flags bit 1 (GIOP 1.1+): more fragments follow. */
  moreFragments: boolean;
  type: MessageTypeName;
  /** Bytes after the 12-byte header. */
  size: number;
}

interface MessageBase {
  minor: GiopMinor;
  little: boolean;
}

export interface RequestMessage extends MessageBase {
  type: 'Request';
  requestId: number;
  responseExpected: boolean;
  /** GIOP 1.2 response_flags (3 two-way, 0 oneway); derived from response_expected in 1.0/1.1. */
  responseFlags: number;
  /** Target addressing disposition in 1.2 (0 KeyAddr, 1 ProfileAddr, 2 ReferenceAddr); always 0 before. */
  addressing: number;
  objectKey: Buffer;
  operation: string;
  serviceContexts: ServiceContext[];
  /** requesting_principal (1.0/1.1 only). */
  principal?: Buffer;
  /** Positioned at the first argument; alignment origin = message start. */
  body: CdrReader;
}

export interface ReplyMessage extends MessageBase {
  type: 'Reply';
  requestId: number;
  replyStatus: number;
  serviceContexts: ServiceContext[];
  body: CdrReader;
}

export interface LocateRequestMessage extends MessageBase {
  type: 'LocateRequest';
  requestId: number;
  addressing: number;
  objectKey: Buffer;
}

export interface LocateReplyMessage extends MessageBase {
  type: 'LocateReply';
  requestId: number;
  locateStatus: number;
  body: CdrReader;
}

export interface CancelRequestMessage extends MessageBase {
  type: 'CancelRequest';
  requestId: number;
}

export interface SimpleMessage extends MessageBase {
  type: 'CloseConnection' | 'MessageError';
}

export interface FragmentMessage extends MessageBase {
  type: 'Fragment';
  /** GIOP 1.2 fragments carry the request id; 1.1 fragments do not. */
  requestId: number | undefined;
  moreFragments: boolean;
  data: Buffer;
}

export type GiopMessage =
  | RequestMessage
  | ReplyMessage
  | LocateRequestMessage
  | LocateReplyMessage
  | CancelRequestMessage
  | SimpleMessage
  | FragmentMessage;

/** Parses and validates the 12-byte header. */
export function decodeHeader(buf: Buffer, maxMessageBytes = Infinity): GiopHeader {
  if (buf.length < GIOP_HEADER_BYTES) throw new GiopProtocolError(`GIOP header truncated (${buf.length} bytes)`);
  if (buf.readUInt32BE(0) !== GIOP_MAGIC) throw new GiopProtocolError('not a GIOP message (bad magic)');
  const major = buf[4]!;
  const minor = buf[5]!;
  if (major !== 1 || minor > 2) throw new GiopProtocolError(`unsupported GIOP version ${major}.${minor}`);
  const flags = buf[6]!;
  const typeValue = buf[7]!;
  const type = messageTypeNames[typeValue];
  if (type === undefined) throw new GiopProtocolError(`unknown GIOP message type ${typeValue}`);
  const little = (flags & 1) === 1;
  const size = little ? buf.readUInt32LE(8) : buf.readUInt32BE(8);
  if (size > maxMessageBytes) throw new GiopProtocolError(`GIOP message of ${size} bytes exceeds the limit of ${maxMessageBytes}`);
  return { major: 1, minor: minor as GiopMinor, little, moreFragments: minor >= 1 && (flags & 2) === 2, type, size };
}

const EMPTY_CONTEXTS = Object.freeze([]) as unknown as ServiceContext[];

function readServiceContexts(r: CdrReader): ServiceContext[] {
  // Most replies carry none: no closure or array for them (the per-call path).
  const count = r.ulong();
  if (count === 0) return EMPTY_CONTEXTS;
  r.pos -= 4;
  return r.sequence(8, (x) => ({ id: x.ulong(), data: x.octets() }));
}

function readTargetAddress(r: CdrReader): { addressing: number; objectKey: Buffer } {
  const addressing = r.short();
  if (addressing === 0) return { addressing, objectKey: r.octets() };
  if (addressing === 1) {
    // ProfileAddr: a TaggedProfile; the key is inside the profile, which a Tango server does not need.
    r.ulong();
    r.octets();
    return { addressing, objectKey: Buffer.alloc(0) };
  }
  if (addressing === 2) {
    r.ulong();
    r.string();
    r.sequence(8, (x) => {
      x.ulong();
      return x.octets();
    });
    return { addressing, objectKey: Buffer.alloc(0) };
  }
  return r.fail(`invalid target address disposition ${addressing}`);
}

/** In GIOP 1.2 the body starts 8-aligned; an empty body has no padding. */
function bodyReader(r: CdrReader, minor: GiopMinor): CdrReader {
  if (minor === 2 && r.pos < r.end) r.align(8);
  return r;
}

/**
 * Decodes one complete (reassembled) GIOP message. The returned `body` readers point into `buf`. Throws
 * `GiopProtocolError` for header problems and `CdrDecodeError` for malformed content, nothing else.
 */
export function decodeMessage(buf: Buffer): GiopMessage {
  const h = decodeHeader(buf);
  const end = GIOP_HEADER_BYTES + h.size;
  if (buf.length !== end) throw new CdrDecodeError(`GIOP message length ${buf.length} does not match its header (${end})`, 8);
  const r = new CdrReader(buf, h.little, GIOP_HEADER_BYTES, 0, end);
  const base = { minor: h.minor, little: h.little };
  switch (h.type) {
    case 'Request': {
      if (h.minor === 2) {
        const requestId = r.ulong();
        const responseFlags = r.octet();
        r.raw(3);
        const { addressing, objectKey } = readTargetAddress(r);
        const operation = r.string();
        const serviceContexts = readServiceContexts(r);
        return {
          type: 'Request',
          minor: 2,
          little: h.little,
          requestId,
          responseExpected: (responseFlags & 1) === 1,
          responseFlags,
          addressing,
          objectKey,
          operation,
          serviceContexts,
          body: bodyReader(r, 2),
        };
      }
      const serviceContexts = readServiceContexts(r);
      const requestId = r.ulong();
      const responseExpected = r.boolean();
      if (h.minor === 1) r.raw(3);
      const objectKey = r.octets();
      const operation = r.string();
      const principal = r.octets();
      return {
        type: 'Request',
        ...base,
        requestId,
        responseExpected,
        responseFlags: responseExpected ? RESPONSE_FLAGS_TWO_WAY : RESPONSE_FLAGS_ONEWAY,
        addressing: 0,
        objectKey,
        operation,
        serviceContexts,
        principal,
        body: r,
      };
    }
    case 'Reply': {
      // Built field by field (no spread of `base`): this runs once per call.
      if (h.minor === 2) {
        const requestId = r.ulong();
        const replyStatus = r.ulong();
        const serviceContexts = readServiceContexts(r);
        return { type: 'Reply', minor: h.minor, little: h.little, requestId, replyStatus, serviceContexts, body: bodyReader(r, 2) };
      }
      const serviceContexts = readServiceContexts(r);
      const requestId = r.ulong();
      const replyStatus = r.ulong();
      return { type: 'Reply', minor: h.minor, little: h.little, requestId, replyStatus, serviceContexts, body: r };
    }
    case 'CancelRequest': {
      const requestId = r.ulong();
      r.expectEnd('CancelRequest');
      return { type: 'CancelRequest', ...base, requestId };
    }
    case 'LocateRequest': {
      const requestId = r.ulong();
      const target = h.minor === 2 ? readTargetAddress(r) : { addressing: 0, objectKey: r.octets() };
      r.expectEnd('LocateRequest');
      return { type: 'LocateRequest', ...base, requestId, ...target };
    }
    case 'LocateReply': {
      const requestId = r.ulong();
      const locateStatus = r.ulong();
      return { type: 'LocateReply', ...base, requestId, locateStatus, body: bodyReader(r, h.minor) };
    }
    case 'CloseConnection':
    case 'MessageError':
      return { type: h.type, ...base };
    case 'Fragment': {
      const requestId = h.minor === 2 ? r.ulong() : undefined;
      return { type: 'Fragment', ...base, requestId, moreFragments: h.moreFragments, data: buf.subarray(r.pos, end) };
    }
  }
}

const MAGIC_BYTES = Buffer.from('GIOP', 'latin1');
const ZERO_BYTES = Buffer.alloc(8);
const NO_CONTEXTS: readonly ServiceContext[] = [];

function startMessage(w: CdrWriter, minor: GiopMinor, type: number, flags = 1): void {
  w.raw(MAGIC_BYTES);
  w.octet(1);
  w.octet(minor);
  w.octet(flags);
  w.octet(type);
  w.ulong(0);
}

function finishMessage(w: CdrWriter): Buffer {
  w.patchUlong(8, w.length - GIOP_HEADER_BYTES);
  return w.toBuffer();
}

/** Writes the body after an 8-alignment in GIOP 1.2, removing the padding again when the body is empty. */
function writeBody(w: CdrWriter, minor: GiopMinor, body: ((w: CdrWriter) => void) | undefined): void {
  if (!body) return;
  if (minor !== 2) return body(w);
  const before = w.length;
  w.align(8);
  const aligned = w.length;
  body(w);
  if (w.length === aligned) w.truncate(before);
}

function writeServiceContexts(w: CdrWriter, contexts: readonly ServiceContext[]): void {
  w.sequence(contexts, (x, c) => {
    x.ulong(c.id);
    x.octets(c.data);
  });
}

export interface RequestOptions {
  /** GIOP minor version (default 2). */
  minor?: GiopMinor;
  requestId: number;
  /** Default true (two-way). */
  responseExpected?: boolean;
  objectKey: Uint8Array;
  operation: string;
  serviceContexts?: readonly ServiceContext[];
  /** Writes the arguments (alignment origin = message start). */
  body?: (w: CdrWriter) => void;
  /**
   * The arguments already encoded, as written at an 8-aligned offset (used instead of `body`). For a GIOP 1.2
   * two-way request without contexts the whole message is then kept per `bodyBytes` and only the id changes.
   */
  bodyBytes?: Uint8Array;
  /** Size hint for the first buffer. */
  sizeHint?: number;
}

interface RequestTemplate {
  objectKey: Uint8Array;
  operation: string;
  message: Buffer;
}

/** Whole request messages per pre-encoded argument bytes (weak: they live as long as their owner keeps them). */
const requestTemplates = new WeakMap<Uint8Array, RequestTemplate>();

function requestFromTemplate(o: RequestOptions, bodyBytes: Uint8Array): Buffer {
  let t = requestTemplates.get(bodyBytes);
  if (!t || t.objectKey !== o.objectKey || t.operation !== o.operation) {
    t = { objectKey: o.objectKey, operation: o.operation, message: Buffer.from(encodeRequest({ ...o, requestId: 0, bodyBytes: undefined, body: (w) => w.raw(bodyBytes) })) };
    requestTemplates.set(bodyBytes, t);
  }
  const out = Buffer.allocUnsafe(t.message.length);
  t.message.copy(out);
  out.writeUInt32LE(o.requestId, 12);
  return out;
}

/**
 * The bytes of a GIOP 1.2 two-way request without service contexts from response_flags to the end of the
 * (empty) context list, per object key and operation: they never change, and a client sends the same few
 * operations to the same keys over and over. Bounded by the keys alive (weak) and the operations per key.
 */
const requestMiddles = new WeakMap<Uint8Array, Map<string, Buffer>>();
const MAX_CACHED_OPERATIONS_PER_KEY = 64;

function requestMiddle(objectKey: Uint8Array, operation: string): Buffer {
  let byOperation = requestMiddles.get(objectKey);
  const cached = byOperation?.get(operation);
  if (cached) return cached;
  // Written at offset 16 (after the header and request id), so the alignment is that of the real message.
  const w = new CdrWriter(64 + objectKey.length + operation.length);
  w.raw(ZERO_BYTES);
  w.raw(ZERO_BYTES);
  w.octet(RESPONSE_FLAGS_TWO_WAY);
  w.raw(ZERO_BYTES.subarray(0, 3));
  w.short(0);
  w.octets(objectKey);
  w.string(operation);
  writeServiceContexts(w, NO_CONTEXTS);
  const middle = Buffer.from(w.view().subarray(16));
  if (!byOperation) requestMiddles.set(objectKey, (byOperation = new Map<string, Buffer>()));
  if (byOperation.size < MAX_CACHED_OPERATIONS_PER_KEY) byOperation.set(operation, middle);
  return middle;
}

export function encodeRequest(o: RequestOptions): Buffer {
  const minor = o.minor ?? 2;
  const expected = o.responseExpected ?? true;
  const bodyBytes = o.bodyBytes;
  if (bodyBytes) {
    if (minor === 2 && expected && !o.serviceContexts?.length) return requestFromTemplate(o, bodyBytes);
    // Other forms: the bytes are only valid at an 8-aligned body start, which GIOP 1.2 alone guarantees.
    if (minor !== 2) throw new GiopProtocolError('pre-encoded arguments need a GIOP 1.2 request');
    return encodeRequest({ ...o, bodyBytes: undefined, body: (w) => w.raw(bodyBytes) });
  }
  const w = new CdrWriter(o.sizeHint ?? 256);
  startMessage(w, minor, MessageType.Request);
  if (minor === 2 && expected && !o.serviceContexts?.length) {
    w.ulong(o.requestId);
    w.raw(requestMiddle(o.objectKey, o.operation));
  } else if (minor === 2) {
    w.ulong(o.requestId);
    w.octet(expected ? RESPONSE_FLAGS_TWO_WAY : RESPONSE_FLAGS_ONEWAY);
    w.raw(ZERO_BYTES.subarray(0, 3));
    w.short(0);
    w.octets(o.objectKey);
    w.string(o.operation);
    writeServiceContexts(w, o.serviceContexts ?? NO_CONTEXTS);
  } else {
    writeServiceContexts(w, o.serviceContexts ?? NO_CONTEXTS);
    w.ulong(o.requestId);
    w.boolean(expected);
    if (minor === 1) w.raw(ZERO_BYTES.subarray(0, 3));
    w.octets(o.objectKey);
    w.string(o.operation);
    w.ulong(0);
  }
  writeBody(w, minor, o.body);
  return finishMessage(w);
}

export interface ReplyOptions {
  minor: GiopMinor;
  requestId: number;
  /** Default NO_EXCEPTION. */
  replyStatus?: number;
  serviceContexts?: readonly ServiceContext[];
  body?: (w: CdrWriter) => void;
  sizeHint?: number;
}

export function encodeReply(o: ReplyOptions): Buffer {
  const w = new CdrWriter(o.sizeHint ?? 256);
  startMessage(w, o.minor, MessageType.Reply);
  const status = o.replyStatus ?? ReplyStatus.NO_EXCEPTION;
  if (o.minor === 2) {
    w.ulong(o.requestId);
    w.ulong(status);
    writeServiceContexts(w, o.serviceContexts ?? NO_CONTEXTS);
  } else {
    writeServiceContexts(w, o.serviceContexts ?? NO_CONTEXTS);
    w.ulong(o.requestId);
    w.ulong(status);
  }
  writeBody(w, o.minor, o.body);
  return finishMessage(w);
}

export interface SystemException {
  repositoryId: string;
  minor: number;
  completed: CompletionStatus;
}

/** `IDL:omg.org/CORBA/<name>:1.0` */
export function systemExceptionId(name: string): string {
  return `IDL:omg.org/CORBA/${name}:1.0`;
}

export function writeSystemException(w: CdrWriter, e: SystemException): void {
  w.string(e.repositoryId);
  w.ulong(e.minor >>> 0);
  w.ulong(COMPLETION_STATUS.indexOf(e.completed));
}

export function readSystemException(r: CdrReader): SystemException {
  const repositoryId = r.string();
  const minor = r.ulong();
  const completed = COMPLETION_STATUS[r.enumValue(3, 'completion status')]!;
  return { repositoryId, minor, completed };
}

/** A SYSTEM_EXCEPTION reply (e.g. OBJECT_NOT_EXIST, BAD_OPERATION, MARSHAL). */
export function encodeSystemExceptionReply(minor: GiopMinor, requestId: number, e: SystemException): Buffer {
  return encodeReply({ minor, requestId, replyStatus: ReplyStatus.SYSTEM_EXCEPTION, body: (w) => writeSystemException(w, e) });
}

export function encodeLocateRequest(minor: GiopMinor, requestId: number, objectKey: Uint8Array): Buffer {
  const w = new CdrWriter(64);
  startMessage(w, minor, MessageType.LocateRequest);
  w.ulong(requestId);
  if (minor === 2) w.short(0);
  w.octets(objectKey);
  return finishMessage(w);
}

export function encodeLocateReply(minor: GiopMinor, requestId: number, locateStatus: number): Buffer {
  const w = new CdrWriter(32);
  startMessage(w, minor, MessageType.LocateReply);
  w.ulong(requestId);
  w.ulong(locateStatus);
  return finishMessage(w);
}

export function encodeCancelRequest(minor: GiopMinor, requestId: number): Buffer {
  const w = new CdrWriter(16);
  startMessage(w, minor, MessageType.CancelRequest);
  w.ulong(requestId);
  return finishMessage(w);
}

export function encodeCloseConnection(minor: GiopMinor = 2): Buffer {
  const w = new CdrWriter(12);
  startMessage(w, minor, MessageType.CloseConnection);
  return finishMessage(w);
}

export function encodeMessageError(minor: GiopMinor = 2): Buffer {
  const w = new CdrWriter(12);
  startMessage(w, minor, MessageType.MessageError);
  return finishMessage(w);
}

/**
 * Splits a complete GIOP 1.2 message into a first part (flags bit 1 set) and Fragment messages whose
 * non-final parts keep 8-byte alignment, the way omniORB does. For tests and for senders that must bound
 * message sizes; a TS sender normally sends unfragmented messages.
 */
export function fragmentMessage(message: Buffer, chunkBytes: number, requestId: number): Buffer[] {
  const h = decodeHeader(message);
  if (h.minor !== 2) throw new GiopProtocolError('only GIOP 1.2 messages are fragmented here');
  const chunk = Math.max(8, chunkBytes - (chunkBytes % 8));
  const body = message.subarray(GIOP_HEADER_BYTES);
  if (body.length <= chunk) return [message];
  const parts: Buffer[] = [];
  const first = Buffer.from(message.subarray(0, GIOP_HEADER_BYTES + chunk));
  first[6] = first[6]! | 2;
  first.writeUInt32LE(chunk, 8);
  parts.push(first);
  let pos = chunk;
  while (pos < body.length) {
    const take = Math.min(chunk, body.length - pos);
    const last = pos + take >= body.length;
    const f = Buffer.alloc(16 + take);
    f.write('GIOP', 0, 'latin1');
    f[4] = 1;
    f[5] = 2;
    f[6] = last ? 1 : 3;
    f[7] = MessageType.Fragment;
    f.writeUInt32LE(4 + take, 8);
    f.writeUInt32LE(requestId, 12);
    body.copy(f, 16, pos, pos + take);
    parts.push(f);
    pos += take;
  }
  return parts;
}
