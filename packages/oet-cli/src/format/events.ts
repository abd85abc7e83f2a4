import type { OetEvent } from '../types.js';
import { escapeControl } from './terminal-text.js';

type Payload = Record<string, unknown>;

/** A server-provided value as one line of terminal-safe text. */
const text = (value: unknown): string => escapeControl(typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));

function procedureResult(payload: Payload): Payload | undefined {
  const result = payload.result;
  return typeof result === 'object' && result !== null && !Array.isArray(result) ? (result as Payload) : undefined;
}

/** `Procedure 1 (file:///…/hello.js)` plus ` on subarray N` when the procedure has one. */
function describeResult(result: Payload, verb: string): string {
  const script = result.script as Payload | undefined;
  const init = (result.script_args as Payload | undefined)?.init as Payload | undefined;
  const subarray = (init?.kwargs as Payload | undefined)?.subarray_id;
  const where = subarray === undefined || subarray === null ? '' : ` on subarray ${text(subarray)}`;
  return `Procedure ${text(result.id)} (${text(script?.script_uri)}) ${verb}${where}`;
}

const LIFECYCLE_VERBS: Record<string, string> = {
  'procedure.lifecycle.created': 'ready for execution',
  'procedure.lifecycle.started': 'started execution',
  'procedure.lifecycle.complete': 'execution complete',
  'procedure.lifecycle.stopped': 'execution stopped',
  'procedure.lifecycle.failed': 'execution failed',
};

/** Readable texts for the topics scripts commonly publish (field names as OET scripts send them). */
const SCRIPT_TOPICS: Record<string, (p: Payload) => string> = {
  'user.script.announce': (p) => `Script message: ${text(p.msg)}`,
  'sb.lifecycle.allocated': (p) => `Resources allocated using SB ${text(p.sb_id)}`,
  'sb.lifecycle.started': (p) => `SB instance ${text(p.sbi_id)} started`,
  'sb.lifecycle.observation.started': (p) => `Observation for SB ${text(p.sb_id)} started`,
  'sb.lifecycle.observation.finished.succeeded': (p) => `Observation for SB ${text(p.sb_id)} complete`,
  'sb.lifecycle.observation.finished.failed': (p) => `Observation for SB ${text(p.sb_id)} failed`,
  'subarray.resources.allocated': (p) => `Subarray ${text(p.subarray_id)}: resources allocated`,
  'subarray.resources.deallocated': (p) => `Subarray ${text(p.subarray_id)}: resources released`,
  'subarray.configured': (p) => `Subarray ${text(p.subarray_id)} configured`,
  'subarray.scan.started': (p) => `Subarray ${text(p.subarray_id)}: scan started`,
  'subarray.scan.finished': (p) => `Subarray ${text(p.subarray_id)}: scan complete`,
  'subarray.fault': (p) => `Subarray ${text(p.subarray_id)} error: ${text(p.error)}`,
  'scan.lifecycle.configure.started': (p) => `SB ${text(p.sb_id)}: configuring for scan ${text(p.scan_id)}`,
  'scan.lifecycle.configure.complete': (p) => `SB ${text(p.sb_id)}: scan ${text(p.scan_id)} configuration complete`,
  'scan.lifecycle.configure.failed': (p) => `SB ${text(p.sb_id)}: scan ${text(p.scan_id)} configuration failed`,
  'scan.lifecycle.start': (p) => `SB ${text(p.sb_id)}: scan ${text(p.scan_id)} starting`,
  'scan.lifecycle.end.succeeded': (p) => `SB ${text(p.sb_id)}: scan ${text(p.scan_id)} complete`,
  'scan.lifecycle.end.failed': (p) => `SB ${text(p.sb_id)}: scan ${text(p.scan_id)} failed`,
};

/** One event as a `- …` line (stack traces continue on indented lines); unknown topics show their JSON. */
export function formatEvent(event: OetEvent): string {
  return `- ${eventText(event)}`;
}

function eventText({ topic, payload }: OetEvent): string {
  const verb = LIFECYCLE_VERBS[topic];
  const result = procedureResult(payload);
  if (verb && result) return describeResult(result, verb);
  if (topic === 'procedure.lifecycle.statechange') return `Procedure ${text(payload.msg_src)} is ${text(payload.new_state)}`;
  if (topic === 'procedure.lifecycle.stacktrace') {
    const raw = typeof payload.stacktrace === 'string' ? payload.stacktrace : (JSON.stringify(payload.stacktrace) ?? '');
    const trace = escapeControl(raw, { keepNewlines: true }).trimEnd().replace(/\n/g, '\n    ');
    return `Procedure ${text(payload.msg_src)} stack trace:\n    ${trace}`;
  }
  const known = SCRIPT_TOPICS[topic];
  if (known) return known(payload);
  const { topic: _topic, ...rest } = payload;
  return `${escapeControl(topic)}: ${escapeControl(JSON.stringify(rest))}`;
}

/** The procedure an event is about: `msg_src` for script and state events, `result.id` for lifecycle ones. */
export function eventProcedureId(event: OetEvent): number | undefined {
  const result = procedureResult(event.payload);
  if (result && typeof result.id === 'number') return result.id;
  const src = event.payload.msg_src;
  if (typeof src === 'string' && /^\d+$/.test(src)) return Number(src);
  if (typeof src === 'number') return src;
  return undefined;
}

/** `topic` equals an entry or lies below it (`procedure` covers `procedure.lifecycle.created`). */
export function topicMatches(topic: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => topic === prefix || topic.startsWith(`${prefix}.`));
}

/** An event as one NDJSON line: the payload with the stream's `id` first. */
export function eventJson(event: OetEvent): string {
  const id = /^\d+$/.test(event.id) ? Number(event.id) : event.id;
  return JSON.stringify(Object.assign({ id }, event.payload, { id })); // id first, and the stream's id wins
}
