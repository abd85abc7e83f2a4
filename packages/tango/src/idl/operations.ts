import { readAny, writeAny, type CorbaAny } from '../cdr/any.js';
import type { CdrReader } from '../cdr/reader.js';
import type { CdrWriter } from '../cdr/writer.js';
import { DEV_SOURCE, DEV_STATE, readEnum, writeEnum, type DevSource, type DevState } from './enums.js';
import {
  readAttributeConfig,
  readAttributeConfig5,
  readAttributeValue4,
  readAttributeValue5,
  readClntIdent,
  readDevCmdInfo,
  readDevCmdInfo2,
  readDevInfo,
  readDevInfo3,
  writeAttributeConfig,
  writeAttributeConfig5,
  writeAttributeValue4,
  writeAttributeValue5,
  writeClntIdent,
  writeDevCmdInfo,
  writeDevCmdInfo2,
  writeDevInfo,
  writeDevInfo3,
  type AttributeConfig_5,
  type AttributeValue_4,
  type AttributeValue_5,
  type ClntIdent,
  type DevCmdInfo,
  type DevCmdInfo_2,
  type DevInfo,
  type DevInfo_3,
} from './structs.js';

/** Encoder/decoder pair of one value on the wire. */
export interface Codec<T> {
  read: (r: CdrReader) => T;
  write: (w: CdrWriter, v: T) => void;
}

/** Argument and result codecs of one Device_5 operation (T-IDL-3). `void` is `null`. */
export interface OperationCodec<A, R> {
  args: Codec<A>;
  result: Codec<R>;
}

const none: Codec<null> = { read: () => null, write: () => undefined };
const str: Codec<string> = { read: (r) => r.string(), write: (w, v) => w.string(v) };
const bool: Codec<boolean> = { read: (r) => r.boolean(), write: (w, v) => w.boolean(v) };
const stringSeq: Codec<string[]> = { read: (r) => r.stringSeq(), write: (w, v) => w.stringSeq(v) };
const any: Codec<CorbaAny> = { read: readAny, write: writeAny };
const source: Codec<DevSource> = { read: (r) => readEnum(r, DEV_SOURCE, 'DevSource'), write: (w, v) => writeEnum(w, DEV_SOURCE, v, 'DevSource') };
const state: Codec<DevState> = { read: (r) => readEnum(r, DEV_STATE, 'DevState'), write: (w, v) => writeEnum(w, DEV_STATE, v, 'DevState') };

function seq<T>(minBytes: number, c: Codec<T>): Codec<T[]> {
  return { read: (r) => r.sequence(minBytes, c.read), write: (w, v) => w.sequence(v, c.write) };
}
function codec<T>(read: (r: CdrReader) => T, write: (w: CdrWriter, v: T) => void): Codec<T> {
  return { read, write };
}

export interface CommandInout4Args {
  command: string;
  argin: CorbaAny;
  source: DevSource;
  cl_ident: ClntIdent;
}
export interface ReadAttributes5Args {
  names: string[];
  source: DevSource;
  cl_ident: ClntIdent;
}
export interface WriteAttributes4Args {
  values: AttributeValue_4[];
  cl_ident: ClntIdent;
}
export interface WriteReadAttributes5Args {
  values: AttributeValue_4[];
  r_names: string[];
  cl_ident: ClntIdent;
}
export interface SetAttributeConfig5Args {
  new_conf: AttributeConfig_5[];
  cl_ident: ClntIdent;
}

const av5Seq = seq(40, codec(readAttributeValue5, writeAttributeValue5));
const av4Seq = seq(40, codec(readAttributeValue4, writeAttributeValue4));
const cfg5Seq = seq(100, codec(readAttributeConfig5, writeAttributeConfig5));
const cfg3Seq = seq(100, codec((r) => readAttributeConfig(r, 3), (w, c: AttributeConfig_5) => writeAttributeConfig(w, c, 3)));

/**
 * The operations a Tango 9 client or device server exchanges, by wire name. Requests carry `args`, NO_EXCEPTION
 * replies carry `result`. A server decodes `args` of an incoming request with `operations[op].args.read` and
 * encodes its reply with `operations[op].result.write`.
 */
export const operations = {
  _is_a: { args: str, result: bool } as OperationCodec<string, boolean>,
  _non_existent: { args: none, result: bool } as OperationCodec<null, boolean>,
  _get_name: { args: none, result: str } as OperationCodec<null, string>,
  _get_description: { args: none, result: str } as OperationCodec<null, string>,
  _get_status: { args: none, result: str } as OperationCodec<null, string>,
  _get_adm_name: { args: none, result: str } as OperationCodec<null, string>,
  _get_state: { args: none, result: state } as OperationCodec<null, DevState>,
  ping: { args: none, result: none } as OperationCodec<null, null>,
  info: { args: none, result: codec(readDevInfo, writeDevInfo) } as OperationCodec<null, DevInfo>,
  info_3: { args: none, result: codec(readDevInfo3, writeDevInfo3) } as OperationCodec<null, DevInfo_3>,
  black_box: { args: codec((r) => r.long(), (w, v: number) => w.long(v)), result: stringSeq } as OperationCodec<number, string[]>,
  command_list_query: { args: none, result: seq(24, codec(readDevCmdInfo, writeDevCmdInfo)) } as OperationCodec<null, DevCmdInfo[]>,
  command_list_query_2: { args: none, result: seq(28, codec(readDevCmdInfo2, writeDevCmdInfo2)) } as OperationCodec<null, DevCmdInfo_2[]>,
  command_query: { args: str, result: codec(readDevCmdInfo, writeDevCmdInfo) } as OperationCodec<string, DevCmdInfo>,
  command_query_2: { args: str, result: codec(readDevCmdInfo2, writeDevCmdInfo2) } as OperationCodec<string, DevCmdInfo_2>,
  command_inout: {
    args: codec(
      (r) => ({ command: r.string(), argin: readAny(r) }),
      (w, v: { command: string; argin: CorbaAny }) => {
        w.string(v.command);
        writeAny(w, v.argin);
      },
    ),
    result: any,
  } as OperationCodec<{ command: string; argin: CorbaAny }, CorbaAny>,
  command_inout_2: {
    args: codec(
      (r) => ({ command: r.string(), argin: readAny(r), source: source.read(r) }),
      (w, v: { command: string; argin: CorbaAny; source: DevSource }) => {
        w.string(v.command);
        writeAny(w, v.argin);
        source.write(w, v.source);
      },
    ),
    result: any,
  } as OperationCodec<{ command: string; argin: CorbaAny; source: DevSource }, CorbaAny>,
  command_inout_4: {
    args: codec(
      (r): CommandInout4Args => ({ command: r.string(), argin: readAny(r), source: source.read(r), cl_ident: readClntIdent(r) }),
      (w, v: CommandInout4Args) => {
        w.string(v.command);
        writeAny(w, v.argin);
        source.write(w, v.source);
        writeClntIdent(w, v.cl_ident);
      },
    ),
    result: any,
  } as OperationCodec<CommandInout4Args, CorbaAny>,
  get_attribute_config_5: {
    args: codec((r) => ({ names: r.stringSeq() }), (w, v: { names: string[] }) => w.stringSeq(v.names)),
    result: cfg5Seq,
  } as OperationCodec<{ names: string[] }, AttributeConfig_5[]>,
  set_attribute_config_5: {
    args: codec(
      (r): SetAttributeConfig5Args => ({ new_conf: cfg5Seq.read(r), cl_ident: readClntIdent(r) }),
      (w, v: SetAttributeConfig5Args) => {
        cfg5Seq.write(w, v.new_conf);
        writeClntIdent(w, v.cl_ident);
      },
    ),
    result: none,
  } as OperationCodec<SetAttributeConfig5Args, null>,
  // Older IDL versions, for servers before Tango 9 (and to check ours answers them): configs as version 5 shapes.
  get_attribute_config_3: {
    args: codec((r) => ({ names: r.stringSeq() }), (w, v: { names: string[] }) => w.stringSeq(v.names)),
    result: cfg3Seq,
  } as OperationCodec<{ names: string[] }, AttributeConfig_5[]>,
  read_attributes_4: {
    args: codec(
      (r): ReadAttributes5Args => ({ names: r.stringSeq(), source: source.read(r), cl_ident: readClntIdent(r) }),
      (w, v: ReadAttributes5Args) => {
        w.stringSeq(v.names);
        source.write(w, v.source);
        writeClntIdent(w, v.cl_ident);
      },
    ),
    result: av4Seq,
  } as OperationCodec<ReadAttributes5Args, AttributeValue_4[]>,
  read_attributes_5: {
    args: codec(
      (r): ReadAttributes5Args => ({ names: r.stringSeq(), source: source.read(r), cl_ident: readClntIdent(r) }),
      (w, v: ReadAttributes5Args) => {
        w.stringSeq(v.names);
        source.write(w, v.source);
        writeClntIdent(w, v.cl_ident);
      },
    ),
    result: av5Seq,
  } as OperationCodec<ReadAttributes5Args, AttributeValue_5[]>,
  write_attributes_4: {
    args: codec(
      (r): WriteAttributes4Args => ({ values: av4Seq.read(r), cl_ident: readClntIdent(r) }),
      (w, v: WriteAttributes4Args) => {
        av4Seq.write(w, v.values);
        writeClntIdent(w, v.cl_ident);
      },
    ),
    result: none,
  } as OperationCodec<WriteAttributes4Args, null>,
  write_read_attributes_5: {
    args: codec(
      (r): WriteReadAttributes5Args => ({ values: av4Seq.read(r), r_names: r.stringSeq(), cl_ident: readClntIdent(r) }),
      (w, v: WriteReadAttributes5Args) => {
        av4Seq.write(w, v.values);
        w.stringSeq(v.r_names);
        writeClntIdent(w, v.cl_ident);
      },
    ),
    result: av5Seq,
  } as OperationCodec<WriteReadAttributes5Args, AttributeValue_5[]>,
} as const;

export type OperationName = keyof typeof operations;
export type OperationArgs<Op extends OperationName> = ReturnType<(typeof operations)[Op]['args']['read']>;
export type OperationResult<Op extends OperationName> = ReturnType<(typeof operations)[Op]['result']['read']>;

export function isKnownOperation(op: string): op is OperationName {
  return Object.prototype.hasOwnProperty.call(operations, op);
}
