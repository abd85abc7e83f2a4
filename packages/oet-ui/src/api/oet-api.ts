import { ApiError, detailText } from './api-error.js';
import type { ActivitySummary, ProcedureSummary, SbdEntry, ScriptEntry } from './types.js';

export interface CreateProcedureBody {
  script: {
    script_type: 'filesystem' | 'git';
    script_uri: string;
    create_env?: boolean;
    git_args?: { git_repo?: string; git_branch?: string; git_commit?: string };
  };
  script_args?: { init?: { args: unknown[]; kwargs: Record<string, unknown> } };
}

export interface RunActivityBody {
  sbd_id: string;
  activity_name: string;
  prepare_only: boolean;
  script_args?: Record<string, { args?: unknown[]; kwargs?: Record<string, unknown> }>;
}

/** The OET REST API over fetch; every failure is an `ApiError` with the status and the server's detail. */
export class OetApi {
  constructor(
    /** Base URL or path, without a trailing slash (`/ska-oso-oet/oet/api/v7`). */
    readonly base: string,
    private readonly token: () => string,
  ) {}

  url(path: string): string {
    return `${this.base}${path}`;
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    const token = this.token();
    return token ? { ...extra, authorization: `Bearer ${token}` } : extra;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.url(path), {
        method,
        headers: this.headers(body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' }),
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new ApiError(0, err instanceof Error ? err.message : String(err));
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!response.ok) throw new ApiError(response.status, detailText(parsed, text.trim() || response.statusText));
    return parsed as T;
  }

  listProcedures(): Promise<ProcedureSummary[]> {
    return this.request('GET', '/procedures/');
  }

  getProcedure(id: number): Promise<ProcedureSummary> {
    return this.request('GET', `/procedures/${id}`);
  }

  createProcedure(body: CreateProcedureBody): Promise<ProcedureSummary> {
    return this.request('POST', '/procedures/', body);
  }

  start(id: number, kwargs: Record<string, unknown>): Promise<ProcedureSummary> {
    return this.request('PUT', `/procedures/${id}`, { state: 'RUNNING', script_args: { main: { args: [], kwargs } } });
  }

  async stop(id: number, abort: boolean): Promise<string> {
    const answer = await this.request<{ abort_message?: string }>('PUT', `/procedures/${id}`, { state: 'STOPPED', abort });
    return answer.abort_message ?? '';
  }

  listScripts(): Promise<ScriptEntry[]> {
    return this.request('GET', '/scripts/');
  }

  listActivities(): Promise<ActivitySummary[]> {
    return this.request('GET', '/activities/');
  }

  runActivity(body: RunActivityBody): Promise<ActivitySummary> {
    return this.request('POST', '/activities/', body);
  }

  /** SBDefinitions from `GET {base}/sbds/`: accepts a list of ids or of PDM-shaped documents. */
  async listSbds(): Promise<SbdEntry[]> {
    const raw = await this.request<unknown>('GET', '/sbds/');
    const list: unknown[] = Array.isArray(raw) ? raw : raw && typeof raw === 'object' && Array.isArray((raw as { sbds?: unknown }).sbds) ? (raw as { sbds: unknown[] }).sbds : [];
    return list.flatMap((item): SbdEntry[] => {
      if (typeof item === 'string') return [{ sbd_id: item, activities: [] }];
      if (!item || typeof item !== 'object') return [];
      const o = item as Record<string, unknown>;
      const id = o.sbd_id ?? o.id;
      if (typeof id !== 'string') return [];
      const acts = o.activities;
      const activities = Array.isArray(acts) ? acts.map(String) : acts && typeof acts === 'object' ? Object.keys(acts) : [];
      const description = typeof o.description === 'string' ? o.description : typeof o.name === 'string' ? o.name : undefined;
      return [{ sbd_id: id, activities, description }];
    });
  }
}
