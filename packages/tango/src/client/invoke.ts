import type { GiopConnection } from '../giop/connection.js';
import type { ConnectionPool } from '../giop/pool.js';
import { ReplyStatus } from '../giop/constants.js';
import { readSystemException, type GiopMinor, type ReplyMessage } from '../giop/messages.js';
import { CorbaSystemError, DevFailedError, MultiDevFailedError, TangoConnectionError } from '../errors/tango-errors.js';
import { DEV_FAILED_ID, MULTI_DEV_FAILED_ID, readUserException } from '../idl/structs.js';
import { operations, type OperationArgs, type OperationName, type OperationResult } from '../idl/operations.js';
import { decodeIorBody, type IiopProfile } from '../ior/ior.js';

/** Where a CORBA object lives: endpoint + object key. */
export interface ObjectTarget {
  host: string;
  port: number;
  objectKey: Buffer;
  /** GIOP minor to send; 2 always works with omniORB (T-NAME-2). */
  minor?: GiopMinor;
}

export interface InvokeOptions {
  timeoutMs: number;
  /** Name for errors (device name). */
  name: string;
  /**
   * `args` already encoded, as written at an 8-aligned offset (a GIOP 1.2 request body). Used for GIOP 1.2
   * targets only (1.0/1.1 bodies start unaligned); `args` is encoded as usual otherwise.
   */
  encodedArgs?: Uint8Array;
  /** With `encodedArgs`: fills in what varies per call, in the message's copy of them (`offset` = their start). */
  patchArgs?: (message: Buffer, offset: number) => void;
}

/** Thrown internally for LOCATION_FORWARD replies; the caller re-targets and retries. */
export class LocationForward extends Error {
  constructor(readonly profile: IiopProfile) {
    super('LOCATION_FORWARD');
  }
}

/** Maps a reply to the operation's result or a typed error (T-GIOP-2). */
export function resultOf<Op extends OperationName>(op: Op, reply: ReplyMessage, name: string): OperationResult<Op> {
  switch (reply.replyStatus) {
    case ReplyStatus.NO_EXCEPTION:
      return operations[op].result.read(reply.body) as OperationResult<Op>;
    case ReplyStatus.USER_EXCEPTION: {
      const e = readUserException(reply.body);
      if (e.repositoryId === DEV_FAILED_ID) throw new DevFailedError(e.errors!);
      if (e.repositoryId === MULTI_DEV_FAILED_ID) throw new MultiDevFailedError(e.errors as never);
      throw new DevFailedError([{ reason: 'API_CorbaException', severity: 'ERR', desc: `unknown user exception ${e.repositoryId} from ${name}`, origin: 'TangoClient' }]);
    }
    case ReplyStatus.SYSTEM_EXCEPTION: {
      const e = readSystemException(reply.body);
      throw new CorbaSystemError(e.repositoryId, e.minor, e.completed);
    }
    case ReplyStatus.LOCATION_FORWARD:
    case ReplyStatus.LOCATION_FORWARD_PERM: {
      const ior = decodeIorBody(reply.body);
      if (!ior.iiop) throw new TangoConnectionError(name, `LOCATION_FORWARD without an IIOP profile from ${name}`);
      throw new LocationForward(ior.iiop);
    }
    default:
      throw new TangoConnectionError(name, `unsupported GIOP reply status ${reply.replyStatus} from ${name}`);
  }
}

/**
 * One call: connection from the pool, request, reply → result or typed error. No retries here. With `finish`,
 * the result is mapped as the reply arrives; with `recover`, a failure resolves with what it returns (one promise
 * per call on the hot path instead of three: see `GiopConnection.request`).
 */
export function invoke<Op extends OperationName, R = OperationResult<Op>>(
  pool: ConnectionPool,
  target: ObjectTarget,
  op: Op,
  args: OperationArgs<Op>,
  options: InvokeOptions,
  finish?: (result: OperationResult<Op>) => R,
  recover?: (error: unknown) => R | Promise<R>,
): Promise<R> {
  const writeArgs = operations[op].args.write as (w: never, a: OperationArgs<Op>) => void;
  const encoded = options.encodedArgs && (target.minor ?? 2) === 2 ? options.encodedArgs : undefined;
  const name = options.name;
  const decode = finish ? (reply: ReplyMessage): R => finish(resultOf(op, reply, name)) : (reply: ReplyMessage): R => resultOf(op, reply, name) as R;
  const send = (connection: GiopConnection, onFailure: typeof recover): Promise<R> =>
    connection.request(
      {
        objectKey: target.objectKey,
        operation: op,
        body: encoded ? undefined : (w) => writeArgs(w as never, args),
        bodyBytes: encoded,
        patchBody: encoded ? options.patchArgs : undefined,
        timeoutMs: options.timeoutMs,
        target: name,
        minor: target.minor,
      },
      decode,
      onFailure,
    );
  // An already connected endpoint is used synchronously: one promise hop less per call.
  const open = pool.openConnection(target.host, target.port);
  if (open) return send(open, recover);
  const sent = pool.get(target.host, target.port).then((connection) => send(connection, undefined));
  return recover ? sent.catch(recover) : sent;
}

/** True for errors after which re-resolving the object (database re-import) and retrying once may help. */
export function isStaleTargetError(err: unknown): boolean {
  if (err instanceof CorbaSystemError) return ['OBJECT_NOT_EXIST', 'TRANSIENT', 'COMM_FAILURE', 'INV_OBJREF'].includes(err.exceptionName);
  return err instanceof TangoConnectionError;
}
