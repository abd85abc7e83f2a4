/** A failed API call: the HTTP status and the server's `detail`, as text an operator can read. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(describeStatus(status, detail));
    this.name = 'ApiError';
  }
}

/** 401/403 get plain words: what happened and what to do about it. */
export function describeStatus(status: number, detail: string): string {
  if (status === 401) return `401 Unauthorized: this server needs a valid access token. Enter one in the token field. (${detail})`;
  if (status === 403) return `403 Forbidden: your token is valid but lacks the scope or role for this. (${detail})`;
  if (status === 0) return `Cannot reach the server: ${detail}`;
  return `${status}: ${detail}`;
}

/** `{"detail": …}` as one line: a string, 422 entries (`loc: msg`), or an object's message. */
export function detailText(body: unknown, fallback: string): string {
  if (body === null || typeof body !== 'object' || !('detail' in body)) return fallback;
  const detail: unknown = body.detail;
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((d: { loc?: unknown[]; msg?: string }) => `${Array.isArray(d.loc) ? d.loc.join('.') : '?'}: ${d.msg ?? JSON.stringify(d)}`)
      .join('; ');
  }
  if (detail && typeof detail === 'object') {
    const d = detail as Record<string, unknown>;
    const msg = d.Message ?? d.message ?? d.msg;
    if (typeof msg === 'string') return msg;
  }
  return JSON.stringify(detail);
}
