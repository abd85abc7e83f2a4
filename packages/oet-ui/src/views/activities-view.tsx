import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/api-error.js';
import type { ActivitySummary, SbdEntry } from '../api/types.js';
import { ErrorNotice } from '../components/error-notice.js';
import { StateBadge } from '../components/state-badge.js';
import { formatTime, parseKwargs } from '../format.js';
import type { OetStore } from '../state/oet-store.js';
import { useObservable } from '../state/use-observable.js';

const asError = (err: unknown) => (err instanceof ApiError ? err : new ApiError(0, String(err)));

/** The ODA's SBDefinitions, running one of their activities, and the activities with their SBI and procedure. */
export function ActivitiesView({ store, onSelectProcedure }: { store: OetStore; onSelectProcedure: (id: number) => void }) {
  useObservable(store);
  const [sbds, setSbds] = useState<SbdEntry[]>([]);
  const [sbdError, setSbdError] = useState<ApiError>();
  const [activities, setActivities] = useState<ActivitySummary[]>([]);
  const [listError, setListError] = useState<ApiError>();
  const [sbdId, setSbdId] = useState('');
  const [activityName, setActivityName] = useState('observe');
  const [prepareOnly, setPrepareOnly] = useState(false);
  const [argsText, setArgsText] = useState('');
  const [error, setError] = useState<ApiError | string>();
  const [busy, setBusy] = useState(false);

  const reload = useCallback(() => {
    store.api
      .listActivities()
      .then((list) => {
        setActivities(list);
        setListError(undefined);
      })
      .catch((err: unknown) => setListError(asError(err)));
  }, [store]);

  useEffect(() => {
    store.api
      .listSbds()
      .then((list) => {
        setSbds(list);
        setSbdError(undefined);
        setSbdId((id) => id || list[0]?.sbd_id || '');
      })
      .catch((err: unknown) => setSbdError(asError(err)));
    reload();
  }, [store, reload]);

  // Activities follow their procedures: reload when a lifecycle or SB event arrives.
  const lastTopic = store.events.at(-1)?.topic ?? '';
  const received = store.received;
  useEffect(() => {
    if (lastTopic.startsWith('procedure.lifecycle.') || lastTopic.startsWith('sb.') || lastTopic.startsWith('activity.')) reload();
  }, [received, lastTopic, reload]);

  const sbd = sbds.find((s) => s.sbd_id === sbdId);
  const args = parseKwargs(argsText, 'Script args');
  const run = async () => {
    if (!args.ok) return;
    setBusy(true);
    setError(undefined);
    try {
      const body = { sbd_id: sbdId, activity_name: activityName, prepare_only: prepareOnly, ...(argsText.trim() ? { script_args: args.value as Record<string, { kwargs?: Record<string, unknown> }> } : {}) };
      const created = await store.api.runActivity(body);
      setActivities((list) => [...list.filter((a) => a.id !== created.id), created]);
      reload();
    } catch (err) {
      setError(asError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="activities">
      <form
        class="run-activity"
        aria-labelledby="run-title"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <h2 id="run-title">Run an activity</h2>
        <div class="field">
          <label for="sbd-id">SBDefinition</label>
          <input id="sbd-id" type="text" list="sbd-list" value={sbdId} onInput={(e) => setSbdId(e.currentTarget.value)} />
          <datalist id="sbd-list">
            {sbds.map((s) => (
              <option key={s.sbd_id} value={s.sbd_id}>
                {s.description ?? s.sbd_id}
              </option>
            ))}
          </datalist>
          <ErrorNotice error={sbdError} />
        </div>
        <div class="field">
          <label for="activity-name">Activity</label>
          <input id="activity-name" type="text" list="activity-list" value={activityName} onInput={(e) => setActivityName(e.currentTarget.value)} />
          <datalist id="activity-list">
            {(sbd?.activities ?? []).map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </div>
        <div class="field">
          <label for="activity-args">Script args (JSON, optional: replaces the SB’s init/main entries)</label>
          <textarea id="activity-args" rows={2} value={argsText} onInput={(e) => setArgsText(e.currentTarget.value)} aria-invalid={!args.ok} aria-describedby="activity-args-help" spellcheck={false} />
          <p id="activity-args-help" class={args.ok ? 'help' : 'field-error'}>
            {args.ok ? 'Example: {"main": {"kwargs": {"scan_duration": 1}}}' : args.error}
          </p>
        </div>
        <label class="inline">
          <input type="checkbox" checked={prepareOnly} onChange={(e) => setPrepareOnly(e.currentTarget.checked)} /> Prepare only (do not start main)
        </label>
        <div class="actions">
          <button type="submit" class="primary" disabled={busy || !args.ok || !sbdId || !activityName}>
            Run activity
          </button>
        </div>
        <ErrorNotice error={error} onDismiss={() => setError(undefined)} />
      </form>

      <section aria-labelledby="activities-title">
        <h2 id="activities-title">Activities</h2>
        <ErrorNotice error={listError} />
        {activities.length === 0 && !listError ? (
          <p class="muted">No activities yet.</p>
        ) : (
          <table class="activity-table">
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">Activity</th>
                <th scope="col">SB ID</th>
                <th scope="col">SBI ID</th>
                <th scope="col">Creation time</th>
                <th scope="col">Procedure</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {[...activities]
                .sort((a, b) => b.id - a.id)
                .map((a) => {
                  const pid = a.procedure_id ?? a.pid ?? undefined;
                  const procState = pid === undefined || pid === null ? undefined : store.procedures.get(pid)?.state;
                  return (
                    <tr key={a.id} data-activity={a.id}>
                      <td>{a.id}</td>
                      <td>{a.activity_name}</td>
                      <td>{a.sbd_id}</td>
                      <td>{a.sbi_id ?? '-'}</td>
                      <td>{formatTime(a.activity_states?.[0]?.[1])}</td>
                      <td>
                        {pid === undefined || pid === null ? (
                          '-'
                        ) : (
                          <button type="button" class="link" onClick={() => onSelectProcedure(pid)}>
                            #{pid} {procState ? `(${procState})` : ''}
                          </button>
                        )}
                      </td>
                      <td>{a.state ? <StateBadge state={a.state} /> : '-'}</td>
                    </tr>
                  );
                })}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
