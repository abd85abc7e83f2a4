import type { Logger } from '@observatory/core';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

/** Biggest script log record kept as structured fields; bigger ones are replaced by a note. */
const MAX_FIELD_BYTES = 16 * 1024;
const MAX_FIELD_DEPTH = 16;
const MAX_MESSAGE_CHARS = 16 * 1024;

/** Depth of nested objects/arrays, without recursion (the record came from a child, so anything goes). */
function deeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Logs one record a script sent through `ctx.log`: its fields go under `script`, so they can never
 * pose as the server's own (`level`, `pid`, `name`, `msg`…), and oversized or deep ones are replaced.
 */
export function logScriptRecord(log: Logger, record: { level: unknown; obj: unknown; msg: unknown }): void {
  const level = LEVELS.find((l) => l === record.level) ?? 'info';
  let fields: unknown = record.obj;
  if (fields !== null && typeof fields === 'object') {
    if (deeperThan(fields, MAX_FIELD_DEPTH)) fields = { omitted: `nested deeper than ${MAX_FIELD_DEPTH} levels` };
    else {
      const size = JSON.stringify(fields).length;
      if (size > MAX_FIELD_BYTES) fields = { omitted: `${size} characters of fields` };
    }
  } else fields = undefined;
  const msg = typeof record.msg === 'string' ? record.msg.slice(0, MAX_MESSAGE_CHARS) : undefined;
  const bindings = fields === undefined || Object.keys(fields as object).length === 0 ? {} : { script: fields };
  log[level](bindings, msg);
}
