import { HttpError, HttpTimeoutError, HttpUnreachableError, httpStatusForError, type ObservatoryError } from '@observatory/core';
import {
  AttributeNotWritableError,
  BadRequestError,
  CommandNotAllowedError,
  CommandRejectedError,
  ControlDisabledError,
  InvalidArgumentError,
  NotFoundError,
  SutUnavailableError,
  TelsimError,
  TelsimErrorCode,
  UnknownAttributeError,
  UnknownCommandError,
  UnknownDeviceError,
  UnknownFaultError,
} from '../errors.js';

/** The one error body of every non-2xx reply: `detail`, `code` and the error's own fields. */
export interface ErrorBody {
  detail: string;
  code: string;
  device?: string;
  command?: string;
  attr?: string;
  state?: string;
  id?: string;
}

const STATUS: Record<string, number> = {
  [TelsimErrorCode.CommandNotAllowed]: 409,
  [TelsimErrorCode.CommandRejected]: 409,
  [TelsimErrorCode.InvalidArgument]: 422,
  [TelsimErrorCode.AttributeNotWritable]: 422,
  [TelsimErrorCode.UnknownDevice]: 404,
  [TelsimErrorCode.UnknownAttribute]: 404,
  [TelsimErrorCode.UnknownCommand]: 404,
  [TelsimErrorCode.UnknownFault]: 404,
  [TelsimErrorCode.NotFound]: 404,
  [TelsimErrorCode.ControlDisabled]: 403,
  [TelsimErrorCode.BadRequest]: 400,
  [TelsimErrorCode.Closed]: 503,
  [TelsimErrorCode.HostNotAllowed]: 421,
  [TelsimErrorCode.UnsupportedMediaType]: 415,
  [TelsimErrorCode.InvalidBody]: 422,
  [TelsimErrorCode.BodyTooLarge]: 413,
};

/** HTTP status and body for an error thrown by a route. Unknown errors are 500 `TELSIM_INTERNAL`. */
export function errorReply(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof TelsimError) {
    const body: ErrorBody = { detail: err.message, code: err.code };
    for (const key of ['device', 'command', 'attr', 'state', 'id'] as const) {
      const v = (err as unknown as Record<string, unknown>)[key];
      if (typeof v === 'string') body[key] = v;
    }
    return { status: httpStatusForError(err, STATUS), body };
  }
  return { status: 500, body: { detail: err instanceof Error ? err.message : String(err), code: 'TELSIM_INTERNAL' } };
}

/** Rebuilds the typed error a server reply stands for, so remote callers branch on the same classes. */
export function errorFromHttp(err: unknown): Error {
  if (err instanceof HttpUnreachableError || err instanceof HttpTimeoutError) return new SutUnavailableError(err.message, { cause: err });
  if (!(err instanceof HttpError)) return err instanceof Error ? err : new Error(String(err));
  const body = bodyOf(err.body);
  const s = (v: unknown) => (typeof v === 'string' ? v : '?');
  const detail = body.detail ?? err.message;
  let mapped: ObservatoryError;
  switch (body.code) {
    case TelsimErrorCode.CommandNotAllowed:
      mapped = Object.assign(new CommandNotAllowedError(s(body.device), s(body.command), s(body.state)), { message: detail });
      break;
    case TelsimErrorCode.CommandRejected:
      mapped = new CommandRejectedError(s(body.device), s(body.command));
      break;
    case TelsimErrorCode.InvalidArgument:
      mapped = new InvalidArgumentError(detail);
      break;
    case TelsimErrorCode.AttributeNotWritable:
      mapped = new AttributeNotWritableError(s(body.device), s(body.attr));
      break;
    case TelsimErrorCode.UnknownDevice:
      mapped = new UnknownDeviceError(s(body.device));
      break;
    case TelsimErrorCode.UnknownAttribute:
      mapped = new UnknownAttributeError(s(body.device), s(body.attr));
      break;
    case TelsimErrorCode.UnknownCommand:
      mapped = new UnknownCommandError(s(body.device), s(body.command));
      break;
    case TelsimErrorCode.UnknownFault:
      mapped = new UnknownFaultError(s(body.id));
      break;
    case TelsimErrorCode.ControlDisabled:
      mapped = new ControlDisabledError();
      break;
    case TelsimErrorCode.BadRequest:
      mapped = new BadRequestError(detail);
      break;
    case TelsimErrorCode.NotFound:
      mapped = Object.assign(new NotFoundError(err.method, err.url), { message: detail });
      break;
    case TelsimErrorCode.Closed:
      mapped = new SutUnavailableError(detail, { cause: err });
      return mapped;
    default:
      return err;
  }
  (mapped as { cause?: unknown }).cause = err;
  return mapped;
}

/** The error body as an object; core's SSE client hands over the raw text, so parse it here. */
function bodyOf(raw: unknown): Partial<ErrorBody> {
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw) as unknown;
    } catch {
      return {};
    }
  }
  return typeof raw === 'object' && raw !== null ? raw : {};
}
