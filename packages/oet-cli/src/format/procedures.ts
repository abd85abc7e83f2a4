import type { ProcedureSummary } from '../types.js';
import { colourState, type Palette } from './colour.js';
import { renderTable } from './table.js';
import { formatUtc } from './time.js';
import { escapeControl } from './terminal-text.js';

/** `ID | Script | Creation Time | State`, creation time being the first history entry, in UTC. */
export function procedureTable(procedures: readonly ProcedureSummary[], colours: Palette): string {
  const rows = procedures.map((p) => [
    p.id,
    p.script.script_uri,
    formatUtc(p.history.process_states[0]?.[1] ?? Number.NaN),
    { text: p.state, style: (s: string) => colourState(s, colours) },
  ]);
  const table = renderTable(
    [{ header: 'ID', align: 'right' }, { header: 'Script' }, { header: 'Creation Time' }, { header: 'State' }],
    rows,
  );
  return procedures.length > 0 ? `${table}\n\nFor more details, use: oet procedure describe --pid=<id>` : table;
}

/** The describe sections: identity, state history, call arguments, git source, stack trace. */
export function describeProcedure(p: ProcedureSummary, colours: Palette): string {
  const sections = [
    renderTable([{ header: 'ID', align: 'right' }, { header: 'Script' }, { header: 'URI' }], [[p.id, p.script.script_uri, p.uri]]),
  ];

  let runs = 0; // RUNNING entries are numbered, as OET numbers each function call
  const states = p.history.process_states.map(([state, ts]) => {
    const label = state === 'RUNNING' ? `RUNNING ${++runs}` : state;
    return [formatUtc(ts, { fraction: true }), { text: label, style: (s: string) => colourState(state, colours).replace(state, s) }];
  });
  sections.push(renderTable([{ header: 'Time' }, { header: 'State' }], states));

  const methods = Object.entries(p.script_args).filter(([, input]) => input !== undefined);
  sections.push(
    renderTable(
      [{ header: 'Index', align: 'right' }, { header: 'Method' }, { header: 'Arguments' }, { header: 'Keyword Arguments' }],
      methods.map(([method, input], i) => [i + 1, method, JSON.stringify(input?.args ?? []), JSON.stringify(input?.kwargs ?? {})]),
    ),
  );

  const git = p.script.git_args;
  if (p.script.script_type === 'git' || git) {
    sections.push(
      renderTable(
        [{ header: 'Repository' }, { header: 'Branch' }, { header: 'Commit' }],
        [[git?.git_repo ?? '', git?.git_branch ?? '', git?.git_commit ?? '']],
      ),
    );
  }

  if (p.history.stacktrace) {
    sections.push(`${colours.bold('Stack Trace:')}\n------------\n${escapeControl(p.history.stacktrace.trimEnd(), { keepNewlines: true })}`);
  }
  return sections.join('\n\n');
}
