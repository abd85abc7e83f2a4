import { closeSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { ObservatoryError } from '@observatory/core';
import path from 'node:path';
import { hasErrorCode, type Logger } from '@observatory/core';
import { retain, type HistoryStore, type LoadedHistory, type RecordKind, type Retention, type StoredRecord } from './history-store.js';

type Line = { k: 'procedure' | 'activity'; r: StoredRecord } | { k: 'ids'; procedure: number; activity: number };

/** Appended bytes after which the file is rewritten with only what retention keeps. */
const COMPACT_AFTER_BYTES = 8 * 1024 * 1024;

/**
 * History in one append-only JSON-lines file (the filesystem default). Each save is one synchronous `write` of a
 * whole line, so a `kill -9` loses nothing already recorded; a torn last line is skipped on load. The file is
 * rewritten (temporary file + rename) at load and whenever it has grown by 8 MiB, keeping what retention keeps
 * and the id high-water marks, so ids never repeat.
 */
export class JsonlHistoryStore implements HistoryStore {
  readonly description: string;
  private fd: number | undefined;
  private appended = 0;
  private readonly latest: Record<RecordKind, Map<number, StoredRecord>> = { procedure: new Map(), activity: new Map() };
  private readonly nextIds: Record<RecordKind, number> = { procedure: 1, activity: 1 };

  constructor(
    readonly file: string,
    private readonly retention: Retention,
    private readonly log: Logger,
  ) {
    this.description = `file ${file}`;
  }

  // async so that a refused lock is a rejection, like every other failure to load
   
  async load(): Promise<LoadedHistory> {
    this.lock();
    let text = '';
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if (!hasErrorCode(err, 'ENOENT')) throw err;
    }
    let bad = 0;
    for (const raw of text.split('\n')) {
      if (raw.trim() === '') continue;
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
      } catch {
        bad++; // a line torn by a crash mid-write
        continue;
      }
      if (line.k === 'ids') {
        this.nextIds.procedure = Math.max(this.nextIds.procedure, Number(line.procedure) || 1);
        this.nextIds.activity = Math.max(this.nextIds.activity, Number(line.activity) || 1);
      } else if ((line.k === 'procedure' || line.k === 'activity') && Number.isInteger(line.r?.id)) {
        this.remember(line.k, line.r);
      }
    }
    if (bad > 0) this.log.warn({ file: this.file, lines: bad }, 'skipped unreadable history lines');
    this.compact();
    return {
      procedures: [...this.latest.procedure.values()],
      activities: [...this.latest.activity.values()],
      nextIds: { ...this.nextIds },
    };
  }

  save(kind: RecordKind, record: StoredRecord): void {
    this.remember(kind, record);
    this.append({ k: kind, r: record });
    if (this.appended > COMPACT_AFTER_BYTES) this.compact();
  }

  close(): Promise<void> {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
      try {
        unlinkSync(this.lockFile);
      } catch {
        // already gone
      }
    }
    return Promise.resolve();
  }

  private get lockFile(): string {
    return `${this.file}.lock`;
  }

  /** One server per file: a lock file holding our pid; a dead holder's lock (kill -9) is taken over. */
  private lock(): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openSync(this.lockFile, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return;
      } catch (err) {
        if (!hasErrorCode(err, 'EEXIST')) throw err;
      }
      let holder = Number.NaN;
      try {
        holder = Number(readFileSync(this.lockFile, 'utf8').trim());
      } catch {
        // removed meanwhile
      }
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new HistoryLockedError(this.file, holder);
      }
      try {
        unlinkSync(this.lockFile);
      } catch {
        // someone else took it over first; try again
      }
    }
    throw new HistoryLockedError(this.file, Number.NaN);
  }

  private remember(kind: RecordKind, record: StoredRecord): void {
    this.latest[kind].set(record.id, record);
    this.nextIds[kind] = Math.max(this.nextIds[kind], record.id + 1);
  }

  private append(line: Line): void {
    if (this.fd === undefined) return;
    const text = `${JSON.stringify(line)}\n`;
    try {
      writeSync(this.fd, text);
      this.appended += Buffer.byteLength(text);
    } catch (err) {
      this.log.error({ err, file: this.file }, 'cannot append to the history file');
    }
  }

  /** Rewrites the file with what retention keeps, then appends to the new file. */
  private compact(): void {
    for (const kind of ['procedure', 'activity'] as const) {
      const kept = retain(this.latest[kind].values(), this.retention[kind]);
      this.latest[kind] = new Map(kept.map((r) => [r.id, r]));
    }
    mkdirSync(path.dirname(this.file), { recursive: true });
    const lines: Line[] = [
      { k: 'ids', procedure: this.nextIds.procedure, activity: this.nextIds.activity },
      ...[...this.latest.procedure.values()].map((r): Line => ({ k: 'procedure', r })),
      ...[...this.latest.activity.values()].map((r): Line => ({ k: 'activity', r })),
    ];
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = openSync(this.file, 'a');
    this.appended = 0;
  }
}

/** Another live server keeps its history in this file. */
export class HistoryLockedError extends ObservatoryError {
  constructor(
    readonly file: string,
    readonly holder: number,
  ) {
    super('OET_HISTORY_LOCKED', `history file ${file} is in use by process ${String(holder)} (set OET_HISTORY_FILE to another file)`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return hasErrorCode(err, 'EPERM');
  }
}
