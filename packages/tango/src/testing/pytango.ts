import { spawn } from 'node:child_process';
import { TANGO_BINARIES } from './processes.js';

/** Python prelude: JSON output of PyTango values (numpy arrays → lists, enums → names, big ints kept exact). */
const PRELUDE = String.raw`
import json, sys, math
import tango
try:
    import numpy
except ImportError:
    numpy = None

def plain(v):
    if numpy is not None and isinstance(v, numpy.ndarray):
        return [plain(x) for x in v.tolist()]
    if numpy is not None and isinstance(v, numpy.generic):
        return plain(v.item())
    if isinstance(v, tango.DevState):
        return str(v)
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return {"$int": str(v)} if abs(v) > 2**53 else v
    if isinstance(v, float):
        if math.isnan(v): return {"$float": "NaN"}
        if math.isinf(v): return {"$float": "Infinity" if v > 0 else "-Infinity"}
        return v
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, (bytes, bytearray)):
        return list(v)
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    return v if v is None or isinstance(v, str) else str(v)

def emit(obj):
    sys.stdout.write(json.dumps(plain(obj)))
    sys.stdout.flush()

ARGS = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
`;

/** Converts the prelude's JSON back: `{$int}` → bigint, `{$float}` → NaN/±Infinity. */
function revive(_key: string, v: unknown): unknown {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (typeof o.$int === 'string') return BigInt(o.$int);
    if (typeof o.$float === 'string') return Number(o.$float);
  }
  return v;
}

/**
 * Runs a PyTango snippet with `/usr/bin/python3` (helpers `emit(obj)`, `plain(v)`, `ARGS`) and returns what it
 * emitted. Rejects with stderr when the script fails or exceeds `timeoutMs`.
 */
export async function runPyTango<T = unknown>(code: string, args: unknown = {}, options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<T> {
  const script = PRELUDE + '\n' + code;
  const child = spawn(TANGO_BINARIES.python, ['-c', script, JSON.stringify(args)], { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
  child.stderr.on('data', (b: Buffer) => (err = (err + b.toString('utf8')).slice(-8000)));
  const timeoutMs = options.timeoutMs ?? 60_000;
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code_ = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(timer);
  if (code_ !== 0) throw new Error(`python3 exited with ${code_}:\n${err}`);
  return JSON.parse(out, revive) as T;
}
