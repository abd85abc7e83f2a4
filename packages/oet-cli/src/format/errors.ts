import { STATUS_CODES } from 'node:http';
import { HttpError, HttpTimeoutError, HttpUnreachableError, InvalidResponseError } from '@observatory/core';
import { authErrorMessage } from './auth-errors.js';
import { escapeControl } from './terminal-text.js';

/**
 * The one-line (or indented, for several problems) message the user sees for a failed request:
 * `Server encountered error 409 Conflict:` with the server's detail, a `loc: msg` line per 422
 * problem, `The server encountered a problem: …` for a non-JSON answer, `Cannot reach …`.
 */
export function requestErrorMessage(err: unknown, serverUrl: string): string | undefined {
  const refused = authErrorMessage(err, serverUrl);
  if (refused !== undefined) return refused;
  if (err instanceof HttpError) {
    const body = typeof err.body === 'string' ? tryJson(err.body) ?? err.body : err.body;
    const detail = typeof body === 'object' && body !== null ? (body as { detail?: unknown }).detail : undefined;
    const lines = detail === undefined ? (typeof body === 'object' && body !== null && err.detail ? [err.detail] : undefined) : detailLines(detail);
    if (lines === undefined) {
      const raw = typeof body === 'string' ? body.trim() : JSON.stringify(body);
      return `The server encountered a problem: ${escapeControl(raw) || `${err.status} ${STATUS_CODES[err.status] ?? ''}`.trim()}`;
    }
    // The collection routes always exist on an OET server: a 404 there means a wrong base URL.
    if (err.status === 404 && /\/(procedures|activities)\/?$|\/stream$/.test(new URL(err.url).pathname)) {
      lines.push(`Is ${serverUrl} the OET API base, e.g. http://host:5000/ska-oso-oet/oet/api/v7?`);
    }
    const header = `Server encountered error ${err.status} ${STATUS_CODES[err.status] ?? ''}:`;
    return `${header}\n${lines.map((line) => `  ${escapeControl(line)}`).join('\n')}`;
  }
  if (err instanceof HttpUnreachableError) return `Cannot reach the OET server at ${serverUrl}: ${reason(err)}`;
  if (err instanceof HttpTimeoutError) {
    return err.timeoutMs > 0
      ? `No answer from the OET server at ${serverUrl} within ${err.timeoutMs} ms`
      : `The connection to the OET server at ${serverUrl} timed out`;
  }
  if (err instanceof InvalidResponseError) return `The server encountered a problem: ${err.message}`;
  return undefined;
}

function detailLines(detail: unknown): string[] {
  if (typeof detail === 'string') return detail.split('\n');
  if (Array.isArray(detail)) {
    return detail.map((item) => {
      if (typeof item !== 'object' || item === null) return String(item);
      const { loc, msg } = item as { loc?: unknown; msg?: unknown };
      const where = Array.isArray(loc) ? loc.map((part) => String(part)).join('.') : typeof loc === 'string' ? loc : '';
      const what = typeof msg === 'string' ? msg : JSON.stringify(item);
      return where ? `${where}: ${what}` : what;
    });
  }
  // OET 7's activity 404: {"type":"ResourceNotFound","Message":"No information available for ID=n"}
  if (typeof detail === 'object' && detail !== null && typeof (detail as { Message?: unknown }).Message === 'string') {
    return [(detail as { Message: string }).Message];
  }
  return [JSON.stringify(detail)];
}

/** The transport's own words (`connect ECONNREFUSED 127.0.0.1:5000`), without undici's wrapping. */
function reason(err: Error): string {
  let cause: unknown = err.cause;
  while (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    if (cause.message && !/^fetch failed$/i.test(cause.message)) return cause.message;
    if (typeof code === 'string') return code;
    cause = cause.cause;
  }
  return 'connection failed';
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
