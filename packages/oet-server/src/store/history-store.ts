/** One stored procedure or activity: its JSON and what retention needs. */
export interface StoredRecord {
  id: number;
  /** Final records may be dropped by retention; unfinished ones never are. */
  final: boolean;
  /** Epoch ms when it became final (retention drops the earliest finished first). */
  finishedAt: number | null;
  data: Record<string, unknown>;
}

export type RecordKind = 'procedure' | 'activity';

export interface LoadedHistory {
  procedures: StoredRecord[];
  activities: StoredRecord[];
  /** The next ids to hand out: above every id ever stored, pruned ones included. */
  nextIds: Record<RecordKind, number>;
}

/**
 * Durable procedures and activities (history that survives a restart). Saves are ordered and never throw into
 * the caller; `close()` waits for the pending ones.
 */
export interface HistoryStore {
  readonly description: string;
  load(): Promise<LoadedHistory>;
  save(kind: RecordKind, record: StoredRecord): void;
  close(): Promise<void>;
}

/** How many finished records each kind keeps (unfinished ones are always kept). */
export interface Retention {
  procedure: number;
  activity: number;
}

/** The records retention keeps: every unfinished one and the `max` latest finished, in id order. */
export function retain(records: Iterable<StoredRecord>, max: number): StoredRecord[] {
  const all = [...records];
  const finished = all.filter((r) => r.final).sort((a, b) => (a.finishedAt ?? 0) - (b.finishedAt ?? 0) || a.id - b.id);
  const dropped = new Set(finished.slice(0, Math.max(0, finished.length - max)).map((r) => r.id));
  return all.filter((r) => !dropped.has(r.id)).sort((a, b) => a.id - b.id);
}

/** A store that keeps nothing (the library default: history lives as long as the process). */
export class MemoryHistoryStore implements HistoryStore {
  readonly description = 'memory';
  load(): Promise<LoadedHistory> {
    return Promise.resolve({ procedures: [], activities: [], nextIds: { procedure: 1, activity: 1 } });
  }
  save(): void {}
  close(): Promise<void> {
    return Promise.resolve();
  }
}
