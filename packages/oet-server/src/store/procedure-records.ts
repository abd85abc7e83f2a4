import { Procedure, type ProcedureSummary } from '../procedure/procedure.js';
import { isFinalState } from '../procedure/states.js';
import type { StoredRecord } from './history-store.js';

/** A procedure as the store keeps it: its summary (without `uri`, which depends on the request host). */
export function procedureRecord(proc: Procedure): StoredRecord {
  const { uri: _uri, ...summary } = proc.summary('');
  return {
    id: proc.id,
    final: isFinalState(proc.state),
    finishedAt: proc.finishedAt ?? null,
    data: { ...summary, path: proc.path, ...(proc.defaultMain ? { default_main: proc.defaultMain } : {}) },
  };
}

/**
 * Procedures read back after a restart, without processes. One that was not finished when the server died is
 * marked UNKNOWN, with `note` as its stack trace saying why.
 */
export function restoreProcedure(record: StoredRecord, now: number, note: string): { proc: Procedure; changed: boolean } {
  const s = record.data as unknown as ProcedureSummary & { path?: string; default_main?: Procedure['defaultMain'] };
  const proc = new Procedure(s.id, s.script, s.script_args, s.path ?? '');
  proc.history.push(...s.history.process_states);
  proc.stacktrace = s.history.stacktrace;
  proc.state = s.state;
  proc.finishedAt = record.finishedAt ?? undefined;
  proc.defaultMain = s.default_main;
  proc.createdBy = s.created_by;
  proc.stopRequested = true; // nothing may drive a restored procedure: it has no process
  if (isFinalState(proc.state)) return { proc, changed: false };
  proc.state = 'UNKNOWN';
  proc.history.push(['UNKNOWN', now / 1000]);
  proc.stacktrace = note;
  proc.finishedAt = now;
  return { proc, changed: true };
}
