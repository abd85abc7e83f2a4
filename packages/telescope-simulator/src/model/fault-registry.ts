import { InvalidArgumentError, UnknownFaultError } from '../errors.js';
import type { ActiveFault, FaultSpec, Subsystem } from '../types.js';

const KINDS = new Set(['stuck', 'fault', 'dropEvents', 'reject', 'slow']);
const SUBSYSTEMS = new Set<Subsystem>(['tm', 'csp', 'sdp']);

/** Checks a fault spec from an untyped source (in-process callers or HTTP bodies). */
export function validateFaultSpec(spec: unknown): FaultSpec {
  if (typeof spec !== 'object' || spec === null) throw new InvalidArgumentError('a fault spec must be an object');
  const s = spec as Record<string, unknown>;
  if (typeof s.kind !== 'string' || !KINDS.has(s.kind)) throw new InvalidArgumentError(`unknown fault kind ${JSON.stringify(s.kind)}`);
  const positiveInt = (key: string) => {
    const v = s[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 1)) throw new InvalidArgumentError(`fault "${key}" must be a positive integer`);
  };
  const str = (key: string, required: boolean) => {
    const v = s[key];
    if ((required && v === undefined) || (v !== undefined && (typeof v !== 'string' || v === ''))) throw new InvalidArgumentError(`fault "${key}" must be a non-empty string`);
  };
  positiveInt('times');
  positiveInt('subarrayId');
  positiveInt('count');
  if (s.subsystems !== undefined && (!Array.isArray(s.subsystems) || s.subsystems.length === 0 || s.subsystems.some((x) => !SUBSYSTEMS.has(x as Subsystem)))) {
    throw new InvalidArgumentError('fault "subsystems" must be a non-empty list of tm, csp, sdp');
  }
  switch (s.kind) {
    case 'stuck':
      if (s.obsState !== undefined && s.obsState !== 'RESOURCING' && s.obsState !== 'CONFIGURING') throw new InvalidArgumentError('fault "obsState" must be RESOURCING or CONFIGURING');
      break;
    case 'fault':
      str('command', false);
      break;
    case 'dropEvents':
      str('device', true);
      str('attr', true);
      break;
    case 'reject':
      str('device', true);
      str('command', true);
      break;
    case 'slow':
      str('command', true);
      if (typeof s.ms !== 'number' || !Number.isFinite(s.ms) || s.ms < 0) throw new InvalidArgumentError('fault "ms" must be a number >= 0');
      break;
  }
  return s as FaultSpec;
}

/** The injected faults; each match consumes one use until `times` (or `count`) runs out. */
export class FaultRegistry {
  private readonly faults = new Map<string, ActiveFault>();
  private nextId = 1;

  inject(spec: unknown): string {
    const valid = validateFaultSpec(spec);
    const id = `fault-${this.nextId++}`;
    const uses = valid.kind === 'dropEvents' ? valid.count : valid.times;
    this.faults.set(id, { ...valid, id, remaining: uses ?? null });
    return id;
  }

  clear(id?: string): void {
    if (id === undefined) {
      this.faults.clear();
      return;
    }
    if (!this.faults.delete(id)) throw new UnknownFaultError(id);
  }

  list(): ActiveFault[] {
    return [...this.faults.values()].map((f) => ({ ...f }));
  }

  /** The first fault of `kind` matching `pred`, consuming one use (and removing it when used up). */
  take<K extends FaultSpec['kind']>(kind: K, pred: (f: Extract<ActiveFault, { kind: K }>) => boolean): Extract<ActiveFault, { kind: K }> | undefined {
    for (const f of this.faults.values()) {
      if (f.kind !== kind) continue;
      const fault = f as Extract<ActiveFault, { kind: K }>;
      if (!pred(fault)) continue;
      if (fault.remaining !== null) {
        fault.remaining -= 1;
        if (fault.remaining <= 0) this.faults.delete(fault.id);
      }
      return fault;
    }
    return undefined;
  }

  /** Sum of `slow` faults' extra ms for a command (each consuming one use). */
  extraDelay(command: string): number {
    let total = 0;
    for (const f of [...this.faults.values()]) {
      if (f.kind === 'slow' && f.command === command) {
        total += f.ms;
        if (f.remaining !== null && --f.remaining <= 0) this.faults.delete(f.id);
      }
    }
    return total;
  }
}
