import { HttpError, HttpJsonClient } from '@observatory/core';
import { ActivitiesUnsupportedError } from './errors.js';
import type { ActivitySummary, ProcedureSummary, SbdSummary, ScriptInput, ScriptSpec, StopResponse } from './types.js';

export interface OetClientOptions {
  /** API base, e.g. `http://127.0.0.1:5000/ska-oso-oet/oet/api/v7`. */
  baseUrl: string;
  /** Time to wait for a response; default 10000 ms. */
  timeoutMs?: number;
  /** Bearer token sent with every request (servers started with `--auth jwt`). */
  token?: string;
}

export interface CreateProcedureRequest {
  script: ScriptSpec;
  script_args: { init: ScriptInput };
}

export interface CreateActivityRequest {
  sbd_id: string;
  activity_name: string;
  script_args: Record<string, unknown>;
  prepare_only: boolean;
  create_env: boolean;
}

/** The OET REST API (procedures, activities) over core's `HttpJsonClient`. */
export class OetClient {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  /** `Authorization` for requests made outside this client (the event stream). */
  readonly authHeaders: Record<string, string>;
  private readonly http: HttpJsonClient;

  constructor(options: OetClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10000;
    this.authHeaders = options.token === undefined ? {} : { authorization: `Bearer ${options.token}` };
    this.http = new HttpJsonClient({ baseUrl: this.baseUrl, headersTimeoutMs: this.timeoutMs, bodyTimeoutMs: this.timeoutMs, headers: this.authHeaders });
  }

  listProcedures(): Promise<ProcedureSummary[]> {
    return this.http.get<ProcedureSummary[]>('/procedures/');
  }

  getProcedure(pid: number): Promise<ProcedureSummary> {
    return this.http.get<ProcedureSummary>(`/procedures/${pid}`);
  }

  createProcedure(body: CreateProcedureRequest): Promise<ProcedureSummary> {
    return this.http.post<ProcedureSummary>('/procedures/', body);
  }

  startProcedure(pid: number, main: ScriptInput): Promise<ProcedureSummary> {
    return this.http.put<ProcedureSummary>(`/procedures/${pid}`, { state: 'RUNNING', script_args: { main } });
  }

  stopProcedure(pid: number, abort: boolean): Promise<StopResponse> {
    return this.http.put<StopResponse>(`/procedures/${pid}`, { state: 'STOPPED', abort });
  }

  listActivities(): Promise<ActivitySummary[]> {
    return activities(this.http.get<ActivitySummary[]>('/activities/'));
  }

  getActivity(aid: number): Promise<ActivitySummary> {
    return activities(this.http.get<ActivitySummary>(`/activities/${aid}`));
  }

  createActivity(body: CreateActivityRequest): Promise<ActivitySummary> {
    return activities(this.http.post<ActivitySummary>('/activities/', body));
  }

  /** The ODA's SBDefinitions (`GET {base}/sbds/`, beyond OET 7). */
  listSbds(): Promise<SbdSummary[]> {
    return this.http.get<SbdSummary[]>('/sbds/');
  }

  /** One SBDefinition document as stored in the ODA. */
  getSbd(sbdId: string): Promise<Record<string, unknown>> {
    return this.http.get<Record<string, unknown>>(`/sbds/${encodeURIComponent(sbdId)}`);
  }

  /** The SSE URL, with the server-side topic filter when given. */
  streamUrl(topics?: string): string {
    return this.http.url('/stream', topics && topics !== 'all' ? { topics } : undefined);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** A server without activities answers 501; say so plainly. */
async function activities<T>(pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (err) {
    if (err instanceof HttpError && err.status === 501) throw new ActivitiesUnsupportedError(err.detail ?? undefined, { cause: err });
    throw err;
  }
}
