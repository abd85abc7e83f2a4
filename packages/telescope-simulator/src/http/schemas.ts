// JSON schemas of the HTTP API (fastify validates requests and serialises replies with them).

export const errorSchema = {
  type: 'object',
  required: ['detail', 'code'],
  properties: {
    detail: { type: 'string' },
    code: { type: 'string' },
    device: { type: 'string' },
    command: { type: 'string' },
    attr: { type: 'string' },
    state: { type: 'string' },
    id: { type: 'string' },
  },
} as const;

const errors = { 400: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema, 422: errorSchema, 500: errorSchema, 503: errorSchema };

/** Any JSON value (attribute values, command arguments). */
const anyValue = {} as const;

export const healthSchema = {
  response: {
    200: {
      type: 'object',
      required: ['status', 'telescope', 'readViaPubsub'],
      properties: { status: { type: 'string' }, telescope: { type: 'string' }, readViaPubsub: { type: 'boolean' }, seq: { type: 'integer' } },
    },
  },
} as const;

export const stateSchema = {
  response: {
    200: {
      type: 'object',
      required: ['telescope', 'telescopeState', 'subarrays', 'devices', 'seq'],
      properties: {
        telescope: { type: 'string' },
        telescopeState: { type: 'string' },
        seq: { type: 'integer' },
        subarrays: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'obsState', 'assignedResources', 'scanDurationS'],
            properties: {
              id: { type: 'integer' },
              obsState: { type: 'object', properties: { tm: { type: 'string' }, csp: { type: 'string' }, sdp: { type: 'string' } } },
              assignedResources: { type: 'array', items: { type: 'string' } },
              scanDurationS: { type: ['number', 'null'] },
            },
          },
        },
        devices: { type: 'object', additionalProperties: { type: 'object', additionalProperties: true } },
      },
    },
    ...errors,
  },
} as const;

const readingSchema = {
  type: 'object',
  required: ['device', 'attr', 'value', 'seq', 'time'],
  properties: { device: { type: 'string' }, attr: { type: 'string' }, value: anyValue, seq: { type: 'integer' }, time: { type: 'number' } },
} as const;

export const readAttributeSchema = {
  querystring: {
    type: 'object',
    required: ['device', 'attr'],
    properties: { device: { type: 'string', minLength: 1 }, attr: { type: 'string', minLength: 1 } },
    additionalProperties: false,
  },
  response: { 200: readingSchema, ...errors },
} as const;

export const writeAttributeSchema = {
  body: {
    type: 'object',
    required: ['device', 'attr', 'value'],
    properties: { device: { type: 'string', minLength: 1 }, attr: { type: 'string', minLength: 1 }, value: anyValue },
    additionalProperties: false,
  },
  response: { 204: { type: 'null' }, ...errors },
} as const;

export const commandSchema = {
  body: {
    type: 'object',
    required: ['device', 'command'],
    properties: { device: { type: 'string', minLength: 1 }, command: { type: 'string', minLength: 1 }, argin: anyValue },
    additionalProperties: false,
  },
  response: {
    200: { type: 'object', required: ['commandId', 'accepted'], properties: { commandId: { type: 'string' }, accepted: { type: 'boolean' } } },
    ...errors,
  },
} as const;

export const eventsSchema = {
  querystring: {
    type: 'object',
    properties: { sub: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] } },
    additionalProperties: false,
  },
  response: errors,
} as const;

export const noContentSchema = { response: { 204: { type: 'null' }, ...errors } } as const;

const subsystems = { type: 'array', minItems: 1, items: { enum: ['tm', 'csp', 'sdp'] } } as const;

export const injectFaultSchema = {
  body: {
    type: 'object',
    required: ['kind'],
    properties: {
      kind: { enum: ['stuck', 'fault', 'dropEvents', 'reject', 'slow'] },
      subarrayId: { type: 'integer', minimum: 1 },
      obsState: { enum: ['RESOURCING', 'CONFIGURING'] },
      subsystems,
      command: { type: 'string', minLength: 1 },
      device: { type: 'string', minLength: 1 },
      attr: { type: 'string', minLength: 1 },
      count: { type: 'integer', minimum: 1 },
      ms: { type: 'number', minimum: 0 },
      times: { type: 'integer', minimum: 1 },
    },
    additionalProperties: false,
  },
  response: { 200: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } }, ...errors },
} as const;

export const listFaultsSchema = {
  response: {
    200: {
      type: 'object',
      required: ['faults'],
      properties: { faults: { type: 'array', items: { type: 'object', required: ['id', 'kind'], additionalProperties: true, properties: { id: { type: 'string' }, kind: { type: 'string' } } } } },
    },
    ...errors,
  },
} as const;

export const clearFaultSchema = {
  params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1 } } },
  ...noContentSchema,
} as const;

const delayMap = { type: 'object', additionalProperties: { type: 'number', minimum: 0 } } as const;
const skewSchema = {
  type: 'object',
  properties: { tm: { type: 'number', minimum: 0 }, csp: { type: 'number', minimum: 0 }, sdp: { type: 'number', minimum: 0 } },
  additionalProperties: false,
} as const;

export const setDelaysSchema = {
  body: {
    type: 'object',
    properties: { commands: delayMap, eventLatencyMs: { type: 'number', minimum: 0 }, skews: skewSchema },
    additionalProperties: false,
  },
  ...noContentSchema,
} as const;

export const getDelaysSchema = {
  response: {
    200: {
      type: 'object',
      required: ['delays', 'skews'],
      properties: { delays: { type: 'object', properties: { commands: delayMap, eventLatencyMs: { type: 'number' } } }, skews: skewSchema },
    },
    ...errors,
  },
} as const;

export const commandLogSchema = {
  response: {
    200: {
      type: 'object',
      required: ['entries'],
      properties: {
        entries: {
          type: 'array',
          items: {
            type: 'object',
            required: ['time', 'device', 'command', 'outcome'],
            properties: { time: { type: 'number' }, device: { type: 'string' }, command: { type: 'string' }, argin: anyValue, arginTruncated: { type: 'boolean' }, outcome: { type: 'string' } },
          },
        },
      },
    },
    ...errors,
  },
} as const;

export const forceResetSchema = {
  body: { type: 'object', required: ['subarrayId'], properties: { subarrayId: { type: 'integer', minimum: 1 } }, additionalProperties: false },
  ...noContentSchema,
} as const;
