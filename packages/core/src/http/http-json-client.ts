import { Agent, errors as undiciErrors, request, type Dispatcher } from 'undici';
import { ConfigError, HttpError, HttpTimeoutError, HttpUnreachableError, InvalidResponseError } from '../errors/core-errors.js';

export interface HttpJsonClientOptions {
  /** e.g. `http://127.0.0.1:5000/ska-oso-oet/oet/api/v7`; request paths are appended to it. */
  baseUrl: string;
  /** Time to receive response headers; default 10000 ms. */
  headersTimeoutMs?: number;
  /** Time between body chunks; default 10000 ms. */
  bodyTimeoutMs?: number;
  /** Share a dispatcher you own; otherwise the client creates an `Agent` and closes it in `close()`. */
  dispatcher?: Dispatcher;
  headers?: Record<string, string>;
}

export interface JsonRequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/**
 * JSON over HTTP on undici. Non-2xx becomes `HttpError` (with the server's `detail`), an unreachable
 * server `HttpUnreachableError`, a timeout `HttpTimeoutError`, unparsable JSON `InvalidResponseError`.
 */
export class HttpJsonClient {
  readonly baseUrl: string;
  readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly headersTimeoutMs: number;

  constructor(private readonly options: HttpJsonClientOptions) {
    this.baseUrl = checkBaseUrl(options.baseUrl);
    this.headersTimeoutMs = options.headersTimeoutMs ?? 10000;
    this.ownsDispatcher = !options.dispatcher;
    this.dispatcher =
      options.dispatcher ?? new Agent({ headersTimeout: this.headersTimeoutMs, bodyTimeout: options.bodyTimeoutMs ?? 10000 });
  }

  /** Absolute URL for a path below the base URL. */
  url(path: string, query?: JsonRequestOptions['query']): string {
    const url = new URL(this.baseUrl + (path.startsWith('/') ? path : `/${path}`));
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return url.toString();
  }

  get<T>(path: string, options?: JsonRequestOptions): Promise<T> {
    return this.request<T>('GET', path, options);
  }

  post<T>(path: string, body: unknown, options?: JsonRequestOptions): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }

  put<T>(path: string, body: unknown, options?: JsonRequestOptions): Promise<T> {
    return this.request<T>('PUT', path, { ...options, body });
  }

  delete<T>(path: string, options?: JsonRequestOptions): Promise<T> {
    return this.request<T>('DELETE', path, options);
  }

  async request<T>(method: Dispatcher.HttpMethod, path: string, options: JsonRequestOptions = {}): Promise<T> {
    const url = this.url(path, options.query);
    const headers: Record<string, string> = { accept: 'application/json', ...this.options.headers, ...options.headers };
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, { method, headers, body, signal: options.signal, dispatcher: this.dispatcher });
    } catch (err) {
      throw mapTransportError(err, url, this.headersTimeoutMs);
    }
    let text: string;
    try {
      text = await response.body.text();
    } catch (err) {
      throw mapTransportError(err, url, this.headersTimeoutMs);
    }
    const parsed = parseJson(text, response.headers['content-type']);
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw new HttpError(response.statusCode, method, url, parsed ?? text, errorDetail(parsed) ?? (text.trim() || undefined));
    }
    if (parsed === undefined && text.trim() !== '') throw new InvalidResponseError(`${method} ${url} did not return JSON`);
    return parsed as T;
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** The base URL without trailing slashes; anything but an absolute http(s) URL is a `ConfigError`. */
function checkBaseUrl(baseUrl: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof baseUrl === 'string' ? new URL(baseUrl) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ConfigError(`baseUrl must be an absolute http(s) URL, got ${JSON.stringify(baseUrl) ?? String(baseUrl)}`);
  }
  return (baseUrl as string).replace(/\/+$/, '');
}

function parseJson(text: string, contentType: string | string[] | undefined): unknown {
  if (text.trim() === '') return undefined;
  const type = Array.isArray(contentType) ? contentType[0] : contentType;
  if (type && !/json/i.test(type)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The human text of an error body: `detail`, `message` or `error`, as servers commonly send. */
export function errorDetail(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ['detail', 'message', 'error']) {
    const value = record[key];
    if (typeof value === 'string') return value;
    if (value !== undefined && value !== null && typeof value === 'object') return JSON.stringify(value);
  }
  return undefined;
}

/** Maps undici/Node transport failures to our typed errors; aborts pass through. */
export function mapTransportError(err: unknown, url: string, timeoutMs: number): Error {
  if (err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError || err instanceof undiciErrors.ConnectTimeoutError) {
    return new HttpTimeoutError(url, timeoutMs, { cause: err });
  }
  if (err instanceof Error && err.name === 'AbortError') return err;
  const code = (err as { code?: string; cause?: { code?: string } }).code ?? (err as { cause?: { code?: string } }).cause?.code;
  if (code && ['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'EHOSTUNREACH', 'UND_ERR_SOCKET', 'EAI_AGAIN'].includes(code)) {
    return new HttpUnreachableError(url, { cause: err });
  }
  return err instanceof Error ? err : new Error(String(err));
}
