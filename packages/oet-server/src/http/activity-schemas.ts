import { ACTIVITY_STATES } from '../activities/activity.js';

const fnArgs = {
  $id: 'FunctionArgs',
  type: 'object',
  description: 'Positional and keyword arguments of one script function',
  properties: {
    args: { type: 'array', items: {}, examples: [[]] },
    kwargs: { type: 'object', additionalProperties: true, examples: [{ subarray_id: 1 }] },
  },
} as const;

/** Component schemas shared by the activity routes (registered with `app.addSchema`). */
export const activitySchemaComponents = [fnArgs] as const;

const fnArgsRef = { $ref: 'FunctionArgs#' } as const;

export const activityRequestSchema = {
  type: 'object',
  required: ['sbd_id', 'activity_name'],
  description: "Runs an activity of a scheduling block definition: the SBD's script as a new procedure",
  properties: {
    sbd_id: { type: 'string', minLength: 1, maxLength: 128, examples: ['sbd-mvp01-20261206-00001'] },
    activity_name: { type: 'string', minLength: 1, maxLength: 128, examples: ['observe'] },
    script_args: {
      type: 'object',
      description: "Per function; a whole entry replaces the SB's function_args entry",
      properties: { init: fnArgsRef, main: fnArgsRef },
      additionalProperties: fnArgsRef,
      examples: [{ main: { args: [], kwargs: { scan_duration: 2 } } }],
    },
    prepare_only: { type: 'boolean', default: false, description: 'Prepare the procedure (READY) but do not start main' },
    create_env: { type: 'boolean', default: false, description: "git scripts: install the project's npm dependencies first" },
  },
} as const;

export const activitySummarySchema = {
  type: 'object',
  required: ['id', 'sbd_id', 'activity_name', 'state', 'activity_states', 'uri'],
  properties: {
    id: { type: 'integer', examples: [1] },
    pid: { type: ['integer', 'null'], examples: [1] },
    procedure_id: { type: ['integer', 'null'], examples: [1] },
    sbd_id: { type: 'string', examples: ['sbd-mvp01-20261206-00001'] },
    activity_name: { type: 'string', examples: ['observe'] },
    prepare_only: { type: 'boolean' },
    script_args: { type: 'object', additionalProperties: fnArgsRef },
    activity_states: {
      type: 'array',
      items: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] } },
      examples: [[['TODO', 1765000000.1], ['PREPARING', 1765000000.2]]],
    },
    state: { type: 'string', enum: [...ACTIVITY_STATES] },
    sbi_id: { type: ['string', 'null'], examples: ['sbi-oet-20261206-00001'] },
    uri: { type: 'string', examples: ['http://127.0.0.1:5000/ska-oso-oet/oet/api/v7/activities/1'] },
    error: { type: 'string', description: 'Why the activity failed when its procedure could not start' },
    created_by: { type: 'string' },
  },
} as const;

export const sbdListEntrySchema = {
  type: 'object',
  required: ['sbd_id', 'version', 'activities'],
  properties: {
    sbd_id: { type: 'string', examples: ['sbd-mvp01-20261206-00001'] },
    version: { type: 'integer', examples: [1] },
    telescope: { type: ['string', 'null'], examples: ['ska_mid'] },
    activities: { type: 'array', items: { type: 'string' }, examples: [['observe']] },
  },
} as const;

export const sbdSchema = {
  type: 'object',
  description: 'A PDM SBDefinition as stored in the ODA',
  required: ['sbd_id', 'activities'],
  additionalProperties: true,
  properties: {
    sbd_id: { type: 'string' },
    telescope: { type: ['string', 'null'] },
    metadata: { type: 'object', additionalProperties: true },
    activities: { type: 'object', additionalProperties: { type: 'object', additionalProperties: true } },
  },
} as const;

export const activityIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 0, maximum: 2147483647 } },
} as const;

export const sbdIdParams = {
  type: 'object',
  required: ['sbd'],
  properties: { sbd: { type: 'string', minLength: 1, maxLength: 128 } },
} as const;

/** `{ "detail": … }`: a string, FastAPI's 422 list, or OET's `{type, Message}` for a missing activity. */
export const activityErrorSchema = {
  type: 'object',
  properties: { detail: {} },
} as const;
