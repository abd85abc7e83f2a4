import { ErrorNotice } from '../components/error-notice.js';
import { ObsStateDiagram } from '../components/obs-state-diagram.js';
import { formatClock, toJson } from '../format.js';
import type { TelescopeStore } from '../state/telescope-store.js';
import { useObservable } from '../state/use-observable.js';

/** The central node's state and each subarray's obsState machine, live, with the last telescope events. */
export function TelescopeView({ store }: { store: TelescopeStore | undefined }) {
  useObservable(store);
  if (!store) {
    return (
      <p class="muted">
        This server does not know a telescope. Start it with a telescope simulator URL (<code>OET_TELESCOPE_URL</code>) or a
        Tango host (<code>OET_TANGO_HOST</code>), or with <code>npm start</code>, which sets one.
      </p>
    );
  }
  const subarrays = [...store.subarrays.values()].sort((a, b) => a.id - b.id);
  return (
    <div class="telescope">
      <ErrorNotice error={store.error} />
      <p class="central" data-telescope-state={store.telescopeState}>
        Central node ({store.telescope || 'telescope'}): <strong>{store.telescopeState}</strong>
      </p>
      <div class="subarrays">
        {subarrays.map((s) => (
          <section key={s.id} class="subarray" data-subarray={s.id} aria-labelledby={`sub-${s.id}`}>
            <h2 id={`sub-${s.id}`}>
              Subarray {s.id}: <span class="obs-state">{s.obsState}</span>
            </h2>
            <ObsStateDiagram subarray={s.id} current={s.obsState} visited={new Set(s.trail)} />
            <p class="trail" aria-label={`States of subarray ${s.id} while watched`}>
              {s.trail.join(' → ')}
            </p>
          </section>
        ))}
      </div>
      <section aria-labelledby="tel-events">
        <h2 id="tel-events">Last telescope events</h2>
        {store.events.length === 0 ? (
          <p class="muted">No changes since the page opened.</p>
        ) : (
          <ol class="event-list">
            {[...store.events].reverse().slice(0, 20).map((e, i) => (
              <li key={`${e.time}-${i}`}>
                <span class="time">{formatClock(e.time)}</span> <span class="topic">{e.device}</span> {e.attr} = <span class="payload">{toJson(e.value, 0)}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
