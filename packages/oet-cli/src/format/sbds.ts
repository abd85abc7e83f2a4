import type { SbdSummary } from '../types.js';
import type { Palette } from './colour.js';
import { renderTable } from './table.js';

/** `SBD ID | Version | Telescope | Activities`. */
export function sbdTable(sbds: readonly SbdSummary[]): string {
  const table = renderTable(
    [{ header: 'SBD ID' }, { header: 'Version', align: 'right' }, { header: 'Telescope' }, { header: 'Activities' }],
    sbds.map((s) => [s.sbd_id, s.version, s.telescope ?? '', s.activities.join(', ')]),
  );
  return sbds.length > 0 ? `${table}\n\nTo run one: oet activity run <activity> <sbd-id>; details: oet sbd show <sbd-id>` : table;
}

interface Activity {
  kind?: string;
  path?: string;
  repo?: string;
  branch?: string;
  function_args?: Record<string, { args?: unknown[]; kwargs?: Record<string, unknown> } | undefined>;
}

/** Identity of an SBDefinition, then per activity its script and the arguments each function gets. */
export function describeSbd(sbd: Record<string, unknown>, colours: Palette): string {
  const metadata = (sbd.metadata ?? {}) as { version?: number };
  const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
  const activities = Object.entries((sbd.activities ?? {}) as Record<string, Activity>);
  return [
    renderTable(
      [{ header: 'SBD ID' }, { header: 'Version', align: 'right' }, { header: 'Telescope' }],
      [[text(sbd.sbd_id), text(metadata.version), text(sbd.telescope)]],
    ),
    `${colours.bold('Activities')}\n----------\n` +
      renderTable(
        [{ header: 'Activity' }, { header: 'Script' }, { header: 'Repository' }, { header: 'Branch' }],
        activities.map(([name, a]) => [name, `${a.kind ?? ''}: ${a.path ?? ''}`, a.repo ?? '', a.branch ?? '']),
      ),
    `${colours.bold('Function Arguments')}\n------------------\n` +
      renderTable(
        [{ header: 'Activity' }, { header: 'Method' }, { header: 'Arguments' }, { header: 'Keyword Arguments' }],
        activities.flatMap(([name, a]) =>
          Object.entries(a.function_args ?? {}).map(([fn, input]) => [name, fn, JSON.stringify(input?.args ?? []), JSON.stringify(input?.kwargs ?? {})]),
        ),
      ),
  ].join('\n\n');
}
