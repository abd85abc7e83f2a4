import { useState } from 'preact/hooks';
import { ApiError } from '../api/api-error.js';
import { FINAL_STATES, type ProcedureSummary } from '../api/types.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { ErrorNotice } from '../components/error-notice.js';
import { StateBadge } from '../components/state-badge.js';
import { Timeline } from '../components/timeline.js';
import { formatClock, parseKwargs, toJson } from '../format.js';
import { eventPid, type OetStore } from '../state/oet-store.js';

/** One procedure: actions, history timeline, arguments, stack trace and its events. */
export function ProcedureDetail({ proc, store }: { proc: ProcedureSummary; store: OetStore }) {
  const [mainKwargs, setMainKwargs] = useState('{}');
  const [confirmAbort, setConfirmAbort] = useState(false);
  const [error, setError] = useState<ApiError | string>();
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const parsedMain = parseKwargs(mainKwargs, 'Main kwargs');
  const final = FINAL_STATES.has(proc.state);
  const subarray = proc.script_args.init?.kwargs?.subarray_id;
  const events = store.events.filter((e) => eventPid(e.data) === proc.id).slice(-200);
  const git = proc.script.git_args;

  const act = async (what: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    setMessage('');
    try {
      await what();
    } catch (err) {
      setError(err instanceof ApiError ? err : err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const start = () =>
    act(async () => {
      if (!parsedMain.ok) throw new Error(parsedMain.error);
      store.put(await store.api.start(proc.id, parsedMain.value));
    });
  const stop = (abort: boolean) =>
    act(async () => {
      setConfirmAbort(false);
      setMessage(await store.api.stop(proc.id, abort));
    });

  return (
    <section class="detail" aria-labelledby="detail-title" data-pid={proc.id}>
      <h2 id="detail-title">
        Procedure #{proc.id} <StateBadge state={proc.state} />
      </h2>
      <p class="uri">{proc.script.script_uri}</p>
      {git && (
        <dl class="git">
          <dt>Repository</dt>
          <dd>{git.git_repo ?? '-'}</dd>
          <dt>Branch</dt>
          <dd>{git.git_branch ?? '-'}</dd>
          <dt>Commit</dt>
          <dd>{git.git_commit ?? '-'}</dd>
        </dl>
      )}
      <div class="actions">
        <label class="inline">
          Main kwargs (JSON)
          <input
            type="text"
            value={mainKwargs}
            onInput={(e) => setMainKwargs(e.currentTarget.value)}
            aria-invalid={!parsedMain.ok}
            aria-describedby="main-kwargs-error"
            disabled={proc.state !== 'READY'}
          />
        </label>
        <button type="button" onClick={() => void start()} disabled={busy || proc.state !== 'READY' || !parsedMain.ok}>
          Start
        </button>
        <button type="button" onClick={() => void stop(false)} disabled={busy || final}>
          Stop
        </button>
        <button type="button" class="danger" onClick={() => setConfirmAbort(true)} disabled={busy || final || subarray === undefined}>
          Abort…
        </button>
      </div>
      {!parsedMain.ok && proc.state === 'READY' && (
        <p id="main-kwargs-error" class="field-error">
          {parsedMain.error}
        </p>
      )}
      <ErrorNotice error={error} onDismiss={() => setError(undefined)} />
      {message && (
        <p class="notice ok" role="status">
          {message}
        </p>
      )}
      <ConfirmDialog open={confirmAbort} title={`Abort procedure #${proc.id}?`} confirmLabel="Abort procedure" onConfirm={() => void stop(true)} onCancel={() => setConfirmAbort(false)}>
        <p>
          This stops the script and runs the abort script on subarray {String(subarray)}: the subarray's current activity (a scan, a configuration) is aborted.
        </p>
      </ConfirmDialog>

      <h3>History</h3>
      <Timeline states={proc.history.process_states} now={final ? (proc.history.process_states.at(-1)?.[1] ?? 0) : Date.now() / 1000} />

      <h3>Arguments</h3>
      <table class="args">
        <thead>
          <tr>
            <th scope="col">Method</th>
            <th scope="col">Arguments</th>
            <th scope="col">Keyword arguments</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(proc.script_args).map(([fn, a]) => (
            <tr key={fn}>
              <th scope="row">{fn}</th>
              <td>
                <code>{toJson(a?.args ?? [], 0)}</code>
              </td>
              <td>
                <code>{toJson(a?.kwargs ?? {}, 0)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {proc.history.stacktrace && (
        <>
          <h3>Stack trace</h3>
          <pre class="stacktrace" tabIndex={0} aria-label="Stack trace">
            {proc.history.stacktrace}
          </pre>
        </>
      )}

      <h3>Events</h3>
      {events.length === 0 ? (
        <p class="muted">No events for this procedure since the page opened.</p>
      ) : (
        <ol class="event-list" aria-label={`Events of procedure ${proc.id}`}>
          {events.map((e) => (
            <li key={`${e.id}-${e.receivedAt}`}>
              <span class="time">{formatClock(e.receivedAt)}</span> <span class="topic">{e.topic}</span> <span class="payload">{summarise(e.data)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The interesting part of a payload: a script's message, a new state, else compact JSON without topic/msg_src. */
export function summarise(data: Record<string, unknown>): string {
  if (typeof data.msg === 'string') return data.msg;
  if (typeof data.new_state === 'string') return data.new_state;
  const result = data.result as { state?: unknown } | undefined;
  if (result && typeof result === 'object' && typeof result.state === 'string') return result.state;
  const { topic: _t, msg_src: _s, ...rest } = data;
  const text = toJson(rest, 0);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
