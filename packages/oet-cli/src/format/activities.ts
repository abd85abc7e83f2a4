import type { ActivitySummary } from '../types.js';
import { colourState, type Palette } from './colour.js';
import { renderTable } from './table.js';
import { formatUtc } from './time.js';

/** `ID | Activity | SB ID | Creation Time | Procedure ID | State`. */
export function activityTable(activities: readonly ActivitySummary[], colours: Palette): string {
  const table = renderTable(
    [
      { header: 'ID', align: 'right' },
      { header: 'Activity' },
      { header: 'SB ID' },
      { header: 'Creation Time' },
      { header: 'Procedure ID', align: 'right' },
      { header: 'State' },
    ],
    activities.map((a) => [
      a.id,
      a.activity_name,
      a.sbd_id,
      formatUtc(a.activity_states[0]?.[1] ?? Number.NaN),
      a.procedure_id ?? '',
      { text: a.state, style: (s: string) => colourState(s, colours) },
    ]),
  );
  return activities.length > 0 ? `${table}\n\nFor more details, use: oet activity describe --aid=<id>` : table;
}

/** Identity, URI, state history and script arguments of one activity. */
export function describeActivity(a: ActivitySummary, colours: Palette): string {
  return [
    renderTable(
      [{ header: 'ID', align: 'right' }, { header: 'Activity' }, { header: 'SB ID' }, { header: 'Procedure ID', align: 'right' }, { header: 'State' }],
      [[a.id, a.activity_name, a.sbd_id, a.procedure_id ?? '', { text: a.state, style: (s: string) => colourState(s, colours) }]],
    ),
    renderTable([{ header: 'URI' }, { header: 'Prepare Only' }], [[a.uri, String(a.prepare_only)]]),
    renderTable(
      [{ header: 'Time' }, { header: 'State' }],
      a.activity_states.map(([state, ts]) => [formatUtc(ts, { fraction: true }), state]),
    ),
    `${colours.bold('Script Arguments')}\n----------------\n` +
      renderTable(
        [{ header: 'Method' }, { header: 'Arguments' }, { header: 'Keyword Arguments' }],
        Object.entries(a.script_args ?? {}).map(([method, input]) => [method, JSON.stringify(input?.args ?? []), JSON.stringify(input?.kwargs ?? {})]),
      ),
  ].join('\n\n');
}
