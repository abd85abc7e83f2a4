import type { ScriptInput } from '../script-types.js';

/** A PDM script reference of an activity: a file under the script roots, or a path in a git repository. */
export type PdmScript =
  | { kind: 'filesystem'; path: string }
  | { kind: 'git'; path: string; repo: string; branch?: string; commit?: string };

/** One activity of a scheduling block definition (PDM `activities[name]`). */
export type PdmActivity = PdmScript & { function_args: Partial<Record<string, ScriptInput>> };

/**
 * The part of a PDM SBDefinition the OET reads. The whole document is kept (`raw`) and handed to the script
 * as `sb_json`, so fields we do not model survive.
 */
export interface SbDefinition {
  sbd_id: string;
  telescope: string | null;
  metadata: { version: number } & Record<string, unknown>;
  activities: Record<string, PdmActivity>;
  raw: Record<string, unknown>;
}

/** `ActivityCall` of a PDM SBInstance. */
export interface SbiActivityCall {
  activity_ref: string;
  executed_at: string;
  runtime_args: Array<{ function_name: string; function_args: ScriptInput }>;
}

/** A PDM SBInstance as the OET creates it for each activity run. */
export interface SbInstance {
  interface: string;
  sbi_id: string;
  telescope: string | null;
  sbd_ref: string;
  sbd_version: number;
  activities: SbiActivityCall[];
  metadata: { version: number; created_on: string; created_by: string };
}

/** An SBInstance before the ODA gave it an id. */
export type NewSbInstance = Omit<SbInstance, 'sbi_id'>;

/** Summary line of `GET {base}/sbds/`. */
export interface SbdListEntry {
  sbd_id: string;
  version: number;
  telescope: string | null;
  activities: string[];
}

export const SBI_INTERFACE = 'https://schema.skao.int/ska-oso-pdm-sbi/0.1';

/** The OSO Data Archive as the OET uses it: read SBDefinitions, create SBInstances. */
export interface Oda extends AsyncDisposable {
  readonly backend: 'filesystem' | 'postgres';
  getSbd(sbdId: string): Promise<SbDefinition>;
  listSbds(): Promise<SbdListEntry[]>;
  /** Stores (or replaces) an SBDefinition; validates it first. */
  putSbd(document: unknown): Promise<SbDefinition>;
  /** Stores a new SBInstance and returns it with the id the ODA assigned. */
  createSbi(sbi: NewSbInstance): Promise<SbInstance>;
  getSbi(sbiId: string): Promise<SbInstance>;
  close(): Promise<void>;
}
