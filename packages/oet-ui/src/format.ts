/** `2026-12-06 01:02:03` (UTC), as the `oet` CLI shows creation times. */
export function formatTime(epochSeconds: number | undefined): string {
  if (epochSeconds === undefined || !Number.isFinite(epochSeconds)) return '-';
  return new Date(epochSeconds * 1000).toISOString().replace('T', ' ').slice(0, 19);
}

/** `01:02:03.456` (UTC) for event logs. */
export function formatClock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23);
}

/** The file name of a script URI (`file:///…/observe.js` → `observe.js`). */
export function scriptName(uri: string): string {
  const cut = uri.replace(/\/+$/, '');
  return decodeURIComponent(cut.slice(cut.lastIndexOf('/') + 1)) || uri;
}

/** JSON for display, never throwing. */
export function toJson(value: unknown, indent = 2): string {
  try {
    return JSON.stringify(value, null, indent) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Parses a kwargs field: empty → `{}`, else a JSON object, or an error message naming the field. */
export function parseKwargs(text: string, field: string): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `${field} is not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, error: `${field} must be a JSON object, like {"scans": 2}` };
  return { ok: true, value: value as Record<string, unknown> };
}
