import { InvalidArgumentError } from '../errors.js';
import type { Telescope } from './telescope.js';
import { receptorName } from './names.js';

/** Scan duration used when Configure names none (`tmc.scan_duration`), in seconds. */
export const DEFAULT_SCAN_DURATION_S = 10;

type Json = Record<string, unknown>;

/** Parses a command argument: a JSON string or an already-parsed object. */
export function parseJsonArgin(command: string, argin: unknown, required: boolean): Json | undefined {
  if (argin === undefined || argin === null || argin === '') {
    if (required) throw new InvalidArgumentError(`${command} needs a JSON argument`);
    return undefined;
  }
  let value: unknown = argin;
  if (typeof argin === 'string') {
    try {
      value = JSON.parse(argin) as unknown;
    } catch (err) {
      throw new InvalidArgumentError(`${command}: argument is not valid JSON`, { cause: err });
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(`${command}: argument must be a JSON object`);
  }
  return value as Json;
}

function objectAt(json: Json, key: string, command: string): Json | undefined {
  const v = json[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InvalidArgumentError(`${command}: "${key}" must be an object`);
  return v as Json;
}

/** The subarray a central-node Assign/Release addresses (`subarray_id`). */
export function subarrayIdOf(command: string, json: Json): number {
  const id = json.subarray_id;
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 1) throw new InvalidArgumentError(`${command}: "subarray_id" must be a positive integer`);
  return id;
}

function checkSubarrayId(command: string, json: Json, subarrayId: number): void {
  if (json.subarray_id !== undefined && json.subarray_id !== subarrayId) {
    throw new InvalidArgumentError(`${command}: "subarray_id" ${JSON.stringify(json.subarray_id)} does not match subarray ${subarrayId}`);
  }
}

export interface ResourcePool {
  telescope: Telescope;
  /** Mid: dish count; low: station count. */
  size: number;
}

/** Resource names as `assignedResources` shows them: mid `SKA001`, low station ids as strings (`"1"`). */
export function allResources(pool: ResourcePool): string[] {
  return Array.from({ length: pool.size }, (_, i) => (pool.telescope === 'mid' ? receptorName(i + 1) : String(i + 1)));
}

function resourceList(command: string, json: Json, pool: ResourcePool, key: 'assign' | 'release'): string[] | undefined {
  const known = new Set(allResources(pool));
  let raw: unknown;
  let field: string;
  if (pool.telescope === 'mid') {
    field = key === 'assign' ? 'dish.receptor_ids' : 'receptor_ids';
    raw = key === 'assign' ? objectAt(json, 'dish', command)?.receptor_ids : json.receptor_ids;
    if (raw === undefined) return undefined;
    if (!Array.isArray(raw) || raw.some((r) => typeof r !== 'string')) throw new InvalidArgumentError(`${command}: "${field}" must be an array of receptor names`);
  } else {
    field = key === 'assign' ? 'mccs.station_ids' : 'station_ids';
    raw = key === 'assign' ? objectAt(json, 'mccs', command)?.station_ids : json.station_ids;
    if (raw === undefined) return undefined;
    if (!Array.isArray(raw)) throw new InvalidArgumentError(`${command}: "${field}" must be an array of station id groups`);
    // Low groups stations per subarray beam (`[[1, 2]]`); a flat list is accepted too.
    const flat = (raw as unknown[]).flat();
    if (flat.some((s) => typeof s !== 'number' || !Number.isInteger(s))) throw new InvalidArgumentError(`${command}: "${field}" must hold integer station ids`);
    raw = flat.map(String);
  }
  const names = raw as string[];
  if (names.length === 0) throw new InvalidArgumentError(`${command}: "${field}" is empty`);
  for (const name of names) if (!known.has(name)) throw new InvalidArgumentError(`${command}: unknown resource ${name}`);
  if (new Set(names).size !== names.length) throw new InvalidArgumentError(`${command}: "${field}" lists a resource twice`);
  return names;
}

export interface AssignRequest {
  resources: string[];
  ebId: string | undefined;
}

/** Validates AssignResources JSON: mid `dish.receptor_ids`, low `mccs.station_ids` (+ beams, channel blocks). */
export function parseAssign(argin: unknown, subarrayId: number, pool: ResourcePool): AssignRequest {
  const json = parseJsonArgin('AssignResources', argin, true)!;
  checkSubarrayId('AssignResources', json, subarrayId);
  const resources = resourceList('AssignResources', json, pool, 'assign');
  if (!resources) throw new InvalidArgumentError(`AssignResources: missing "${pool.telescope === 'mid' ? 'dish.receptor_ids' : 'mccs.station_ids'}"`);
  if (pool.telescope === 'low') {
    const mccs = objectAt(json, 'mccs', 'AssignResources')!;
    for (const key of ['subarray_beam_ids', 'channel_blocks']) {
      const v = mccs[key];
      if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== 'number'))) throw new InvalidArgumentError(`AssignResources: "mccs.${key}" must be an array of numbers`);
    }
  }
  const sdp = objectAt(json, 'sdp', 'AssignResources');
  const eb = sdp ? objectAt(sdp, 'execution_block', 'AssignResources') : undefined;
  if (eb && eb.eb_id !== undefined && typeof eb.eb_id !== 'string') throw new InvalidArgumentError('AssignResources: "sdp.execution_block.eb_id" must be a string');
  return { resources, ebId: eb?.eb_id as string | undefined };
}

/** Validates ReleaseResources JSON: `release_all: true`, or the resources to release. Undefined = all. */
export function parseRelease(argin: unknown, subarrayId: number, pool: ResourcePool): string[] | undefined {
  const json = parseJsonArgin('ReleaseResources', argin, true)!;
  checkSubarrayId('ReleaseResources', json, subarrayId);
  if (json.release_all !== undefined && typeof json.release_all !== 'boolean') throw new InvalidArgumentError('ReleaseResources: "release_all" must be a boolean');
  if (json.release_all === true) return undefined;
  const resources = resourceList('ReleaseResources', json, pool, 'release');
  if (!resources) throw new InvalidArgumentError('ReleaseResources: give "release_all": true or the resources to release');
  return resources;
}

/** Validates Configure JSON; returns the scan duration (`tmc.scan_duration`, seconds). */
export function parseConfigure(argin: unknown): { scanDurationS: number | undefined } {
  const json = parseJsonArgin('Configure', argin, true)!;
  for (const key of ['csp', 'sdp', 'dish', 'mccs', 'pointing']) objectAt(json, key, 'Configure');
  const tmc = objectAt(json, 'tmc', 'Configure');
  const d = tmc?.scan_duration;
  if (d !== undefined && (typeof d !== 'number' || !Number.isFinite(d) || d <= 0)) throw new InvalidArgumentError('Configure: "tmc.scan_duration" must be a positive number of seconds');
  return { scanDurationS: d };
}

/** Validates the optional Scan JSON (`scan_id` an integer when given). */
export function parseScan(argin: unknown): { scanId: number | undefined } {
  const json = parseJsonArgin('Scan', argin, false);
  const id = json?.scan_id;
  if (id !== undefined && (typeof id !== 'number' || !Number.isInteger(id))) throw new InvalidArgumentError('Scan: "scan_id" must be an integer');
  return { scanId: id };
}
