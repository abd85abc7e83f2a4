import type { ProcedureSummary } from '../api/types.js';
import { StateBadge } from '../components/state-badge.js';
import { formatTime, scriptName } from '../format.js';
import type { OetStore } from '../state/oet-store.js';
import { useObservable } from '../state/use-observable.js';
import { ProcedureDetail } from './procedure-detail.js';

function laneKey(p: ProcedureSummary): string {
  const id = p.script_args.init?.kwargs?.subarray_id;
  return typeof id === 'number' || typeof id === 'string' ? String(id) : 'none';
}

/** Procedures in one lane per subarray (those without one in their own lane), newest first; click for details. */
export function ProceduresView({ store, selected, onSelect }: { store: OetStore; selected: number | undefined; onSelect: (id: number) => void }) {
  useObservable(store);
  const lanes = new Map<string, ProcedureSummary[]>();
  for (const p of [...store.procedures.values()].sort((a, b) => b.id - a.id)) {
    const key = laneKey(p);
    lanes.set(key, [...(lanes.get(key) ?? []), p]);
  }
  const keys = [...lanes.keys()].sort((a, b) => (a === 'none' ? 1 : b === 'none' ? -1 : a.localeCompare(b, undefined, { numeric: true })));
  const current = selected === undefined ? undefined : store.procedures.get(selected);
  return (
    <div class="procedures">
      <div class="lanes">
        {keys.length === 0 && <p class="muted">No procedures yet. Create one in the Create tab.</p>}
        {keys.map((key) => (
          <section key={key} class="lane" data-lane={key} aria-labelledby={`lane-${key}`}>
            <h2 id={`lane-${key}`}>{key === 'none' ? 'No subarray' : `Subarray ${key}`}</h2>
            <ul>
              {lanes.get(key)!.map((p) => (
                <li key={p.id}>
                  <button
                    type="button"
                    class={`card ${p.id === selected ? 'selected' : ''}`}
                    data-pid={p.id}
                    data-state={p.state}
                    aria-pressed={p.id === selected}
                    onClick={() => onSelect(p.id)}
                  >
                    <span class="pid">#{p.id}</span>
                    <StateBadge state={p.state} />
                    <span class="script" title={p.script.script_uri}>
                      {scriptName(p.script.script_uri)}
                    </span>
                    <span class="created">{formatTime(p.history.process_states[0]?.[1])}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      {current ? <ProcedureDetail key={current.id} proc={current} store={store} /> : <p class="detail muted">Select a procedure to see its history, arguments and events.</p>}
    </div>
  );
}
