import { PROCEDURE_STATES } from '../procedure/states.js';

const fnArgs = {
  type: 'object',
  properties: {
    args: { type: 'array' },
    kwargs: { type: 'object', additionalProperties: true },
  },
} as const;

export const scriptArgsSchema = {
  type: 'object',
  properties: { init: fnArgs, main: fnArgs },
  additionalProperties: fnArgs,
} as const;

const gitArgs = {
  type: 'object',
  properties: {
    git_repo: { type: ['string', 'null'] },
    git_branch: { type: ['string', 'null'] },
    git_commit: { type: ['string', 'null'] },
  },
} as const;

export const createBodySchema = {
  type: 'object',
  required: ['script'],
  properties: {
    script: {
      type: 'object',
      required: ['script_type', 'script_uri'],
      properties: {
        script_type: { type: 'string', enum: ['filesystem', 'git'] },
        script_uri: { type: 'string', minLength: 1 },
        create_env: { type: 'boolean' },
        git_args: gitArgs,
      },
    },
    script_args: scriptArgsSchema,
  },
} as const;

export const updateBodySchema = {
  type: 'object',
  properties: {
    // RUNNING starts, STOPPED stops; any other state (or null) is a no-op, as in OET 7
    state: { type: ['string', 'null'], enum: [...PROCEDURE_STATES, null] },
    abort: { type: 'boolean' },
    script_args: scriptArgsSchema,
  },
} as const;

export const idParamsSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 0 } },
} as const;

export const streamQuerySchema = {
  type: 'object',
  properties: { topics: { type: 'string' } },
} as const;

export const errorSchema = {
  type: 'object',
  properties: {
    detail: {
      anyOf: [
        { type: 'string' },
        {
          type: 'array',
          items: {
            type: 'object',
            properties: { type: { type: 'string' }, loc: { type: 'array', items: { type: ['string', 'integer'] } }, msg: { type: 'string' } },
          },
        },
      ],
    },
  },
} as const;

const summary = {
  type: 'object',
  required: ['id', 'state'],
  properties: {
    id: { type: 'integer' },
    script: {
      type: 'object',
      properties: {
        script_type: { type: 'string' },
        script_uri: { type: 'string' },
        create_env: { type: 'boolean' },
        git_args: gitArgs,
      },
    },
    script_args: { type: 'object', additionalProperties: true },
    history: {
      type: 'object',
      properties: {
        process_states: { type: 'array', items: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] } } },
        stacktrace: { type: ['string', 'null'] },
      },
    },
    state: { type: 'string', enum: [...PROCEDURE_STATES] },
    uri: { type: 'string' },
    created_by: { type: 'string' },
  },
} as const;

export const summarySchema = summary;
export const summaryListSchema = { type: 'array', items: summary } as const;
export const abortMessageSchema = { type: 'object', required: ['abort_message'], properties: { abort_message: { type: 'string' } } } as const;
