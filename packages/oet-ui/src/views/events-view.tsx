import { useState } from 'preact/hooks';
import { formatClock, toJson } from '../format.js';
import { eventPid, type OetStore } from '../state/oet-store.js';
import { useObservable } from '../state/use-observable.js';

const SHOWN = 500;

/** All events, live, filterable by topic, procedure and text; pausing freezes the view, nothing is dropped. */
export function EventsView({ store }: { store: OetStore }) {
  useObservable(store);
  const [topic, setTopic] = useState('');
  const [pid, setPid] = useState('');
  const [text, setText] = useState('');
  const [pausedAt, setPausedAt] = useState<number>();
  const events = store.events;
  // Paused: show what had arrived by then (`received` counts every event, the log keeps the newest).
  const upTo = pausedAt === undefined ? events.length : Math.max(0, events.length - (store.received - pausedAt));
  const held = pausedAt === undefined ? 0 : store.received - pausedAt;
  const topics = [...new Set(events.map((e) => e.topic))].sort();
  const needle = text.trim().toLowerCase();
  const filtered = events.slice(0, upTo).filter((e) => {
    if (topic && !(e.topic === topic || e.topic.startsWith(`${topic}.`))) return false;
    if (pid && String(eventPid(e.data) ?? '') !== pid.trim()) return false;
    if (needle && !`${e.topic} ${JSON.stringify(e.data)}`.toLowerCase().includes(needle)) return false;
    return true;
  });
  const shown = filtered.slice(-SHOWN).reverse();
  return (
    <div class="events">
      <form class="filters" role="search" aria-label="Filter events" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="ev-topic">Topic</label>
          <input id="ev-topic" type="text" list="ev-topics" value={topic} onInput={(e) => setTopic(e.currentTarget.value)} placeholder="e.g. procedure.lifecycle" />
          <datalist id="ev-topics">
            {topics.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </div>
        <div class="field">
          <label for="ev-pid">Procedure</label>
          <input id="ev-pid" type="text" inputMode="numeric" value={pid} onInput={(e) => setPid(e.currentTarget.value)} placeholder="ID" />
        </div>
        <div class="field">
          <label for="ev-text">Text</label>
          <input id="ev-text" type="search" value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </div>
        <div class="actions">
          <button type="button" aria-pressed={pausedAt !== undefined} onClick={() => setPausedAt(pausedAt === undefined ? store.received : undefined)}>
            {pausedAt === undefined ? 'Pause' : 'Resume'}
          </button>
        </div>
      </form>
      <p class="muted" role="status" data-held={held}>
        {pausedAt === undefined ? `Live: ${filtered.length} of ${events.length} events match.` : `Paused: ${held} new events held (shown on resume).`}
      </p>
      <table class="event-table">
        <caption class="visually-hidden">Events, newest first</caption>
        <thead>
          <tr>
            <th scope="col">ID</th>
            <th scope="col">Time</th>
            <th scope="col">Topic</th>
            <th scope="col">Procedure</th>
            <th scope="col">Payload</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((e) => {
            const { topic: _t, ...rest } = e.data;
            return (
              <tr key={`${e.id}-${e.receivedAt}`} data-topic={e.topic}>
                <td>{e.id}</td>
                <td>{formatClock(e.receivedAt)}</td>
                <td>{e.topic}</td>
                <td>{eventPid(e.data) ?? '-'}</td>
                <td>
                  <code>{toJson(rest, 0)}</code>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
