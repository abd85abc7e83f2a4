import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { activityErrorSchema, activityRequestSchema, activitySchemaComponents, activitySummarySchema, sbdListEntrySchema, sbdSchema } from './activity-schemas.js';
import { abortMessageSchema, createBodySchema, errorSchema, summarySchema, updateBodySchema } from './schemas.js';

/** Options for `@fastify/swagger`: tags, and schemas with an `$id` emitted as named components. */
export const swaggerOptions = {
  openapi: {
    openapi: '3.0.3',
    info: {
      title: 'SKA Observation Execution Tool',
      version: '7.0.0',
      description: 'OET 7-compatible REST + SSE API: procedures (scripts run in their own processes), activities of scheduling blocks, the event stream.',
    },
    tags: [
      { name: 'procedures', description: 'Scripts prepared and run as numbered procedures' },
      { name: 'activities', description: "Activities of the ODA's scheduling block definitions" },
      { name: 'sbds', description: "The ODA's SBDefinitions (read-only; beyond OET)" },
      { name: 'scripts', description: 'Scripts available under the script roots (beyond OET)' },
      { name: 'events', description: 'The server-sent event stream' },
      { name: 'health', description: 'Liveness' },
    ],
  },
  refResolver: {
    buildLocalReference(json: { $id?: unknown }, _baseUri: unknown, _fragment: unknown, i: number): string {
      return typeof json.$id === 'string' ? json.$id : `def-${i}`;
    },
  },
};

/** Named component schemas, keyed by the shared schema objects the routes use. */
const COMPONENTS = new Map<object, string>([
  [summarySchema, 'ProcedureSummary'],
  [createBodySchema, 'ProcedureCreate'],
  [updateBodySchema, 'ProcedureUpdate'],
  [abortMessageSchema, 'AbortMessage'],
  [errorSchema, 'HTTPError'],
  [activitySummarySchema, 'ActivitySummary'],
  [activityRequestSchema, 'ActivityRequest'],
  [activityErrorSchema, 'ActivityError'],
  [sbdListEntrySchema, 'SBDefinitionEntry'],
  [sbdSchema, 'SBDefinition'],
]);

interface Doc {
  tags: string[];
  summary: string;
  operationId: string;
}

const DOCS: Record<string, Doc> = {
  'GET /procedures/': { tags: ['procedures'], summary: 'List procedures', operationId: 'listProcedures' },
  'POST /procedures/': { tags: ['procedures'], summary: 'Create a procedure: load a script and run its init', operationId: 'createProcedure' },
  'GET /procedures/:id': { tags: ['procedures'], summary: 'Get one procedure', operationId: 'getProcedure' },
  'PUT /procedures/:id': {
    tags: ['procedures'],
    summary: 'Start (state RUNNING) or stop (state STOPPED, optionally with abort) a procedure',
    operationId: 'updateProcedure',
  },
  'GET /stream': { tags: ['events'], summary: 'Server-sent events (text/event-stream)', operationId: 'streamEvents' },
  'GET /scripts/': { tags: ['scripts'], summary: 'List the scripts under the script roots (beyond OET)', operationId: 'listScripts' },
  'GET /health': { tags: ['health'], summary: 'Health, feature flags and procedure counts', operationId: 'health' },
};

type Schemaish = Record<string, unknown>;

/** Replaces a shared schema object by a `$ref` to its component, also inside `anyOf` and array `items`. */
function swap(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null) return schema;
  const name = COMPONENTS.get(schema);
  if (name) return { $ref: `${name}#` };
  const s = schema as Schemaish;
  if (Array.isArray(s.anyOf)) return { ...s, anyOf: s.anyOf.map(swap) };
  if (s.type === 'array' && s.items) return { ...s, items: swap(s.items) };
  return schema;
}

/**
 * Documents every route for client generators: tags, summaries and operationIds by method and path, and the
 * shared request/response schemas as named components. Call before the routes are added.
 */
export function installOpenApiDocs(app: FastifyInstance, basePath: string): void {
  for (const schema of activitySchemaComponents) app.addSchema(schema);
  for (const [schema, name] of COMPONENTS) app.addSchema({ ...schema, $id: name });
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const path = route.url.startsWith(basePath) ? route.url.slice(basePath.length) : route.url;
    const doc = DOCS[`${methods[0]} ${path}`];
    // a copy: routes may share one schema object (the two /health routes do)
    const schema = { ...(route.schema ?? {}) } as Schemaish;
    if (!doc && DOCS[`${methods[0]} ${path}/`]) schema.hide = true; // the no-slash twins
    if (route.url === path && path === '/health' && basePath !== '') schema.hide = true; // the root copy
    if (doc) Object.assign(schema, { ...doc, ...schema });
    if (schema.body) schema.body = swap(schema.body);
    if (schema.response && typeof schema.response === 'object') {
      schema.response = Object.fromEntries(Object.entries(schema.response as Schemaish).map(([code, s]) => [code, swap(s)]));
    }
    route.schema = schema;
  });
}

/** Swagger UI at `{base}/ui`, its assets served from the package (no CDN). */
export async function registerSwaggerUi(app: FastifyInstance, basePath: string): Promise<void> {
  await app.register(fastifySwaggerUi, {
    routePrefix: `${basePath}/ui`,
    uiConfig: { docExpansion: 'list', deepLinking: true },
    staticCSP: true,
  });
}
