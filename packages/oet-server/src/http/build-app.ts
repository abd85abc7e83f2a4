import { fastifySSE } from '@fastify/sse';
import fastifySwagger from '@fastify/swagger';
import { fastify, LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { httpStatusForError, type Logger } from '@observatory/core';
import { OetError, type ValidationIssue } from '../errors.js';
import type { EventBus } from '../events/event-bus.js';
import type { ProcedureManager } from '../procedure/procedure-manager.js';
import type { ProcedureState } from '../procedure/states.js';
import type { OetFlags, ScriptInput } from '../script-types.js';
import type { ScriptRoots } from '../sources/script-roots.js';
import { toCreateRequest, type CreateBody, type GitDefaults } from '../sources/script-request.js';
import {
  abortMessageSchema,
  createBodySchema,
  errorSchema,
  idParamsSchema,
  streamQuerySchema,
  summaryListSchema,
  summarySchema,
  updateBodySchema,
} from './schemas.js';
import { SseClient } from './sse-stream.js';
import { clientErrorHandler } from './client-errors.js';
import { installHttpSecurity, timeoutServerOptions, type HttpSecurityOptions } from './http-security.js';
import { userLabel } from './access-control.js';
import { toValidationIssues } from './validation.js';
import { registerConsoleFeatures, type ConsoleFeatureOptions } from '../console/console-features.js';
import type { ActivityService } from '../activities/activity-service.js';
import { registerActivityRoutes } from './activity-routes.js';
import { assumeJsonWithoutContentType } from './default-content-type.js';
import { installOpenApiDocs, registerSwaggerUi, swaggerOptions } from './openapi-docs.js';

export interface AppContext {
  basePath: string;
  manager: ProcedureManager;
  events: EventBus;
  roots: ScriptRoots;
  git: GitDefaults;
  flags: OetFlags;
  flagsSource: string;
  trustProxy: boolean;
  sseHeartbeatMs: number;
  sseMaxQueuedEvents: number;
  logger: Logger;
  /** True once close() began: /health answers 503, creates are refused. */
  isClosing(): boolean;
  sseClients: Set<SseClient>;
  /** The web console's files and the telescope it relays (both optional). */
  console?: Pick<ConsoleFeatureOptions, 'consoleDir' | 'telescopeUrl' | 'telescopeTango'>;
  activities: ActivityService;
  /** Host check, authentication, body and request limits (every route, also ones added later). */
  security: HttpSecurityOptions;
}

interface UpdateBody {
  state?: ProcedureState | null;
  abort?: boolean;
  script_args?: Record<string, { args?: unknown[]; kwargs?: Record<string, unknown> }>;
}

const errorResponses = { 403: errorSchema, 404: errorSchema, 409: errorSchema, 415: errorSchema, 422: errorSchema, 500: errorSchema } as const;

const json422 = (detail: ValidationIssue[]) => ({ detail });

/** Maps every error to `{ "detail": … }`: validation to 422 entries, bad JSON to `json_invalid`. */
function errorBody(err: FastifyError & Partial<OetError>): { status: number; body: { detail: string | ValidationIssue[] } } {
  if (err instanceof OetError) return { status: httpStatusForError(err), body: { detail: err.detail } };
  if (err.validation) return { status: 422, body: json422(toValidationIssues(err.validation, err.validationContext ?? 'body')) };
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { status: 415, body: { detail: `Unsupported media type: expected application/json` } };
  if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return { status: 422, body: json422([{ type: 'missing', loc: ['body'], msg: 'Field required' }]) };
  if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return { status: 422, body: json422([{ type: 'json_invalid', loc: ['body', 0], msg: `JSON decode error: ${err.message}` }]) };
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) return { status, body: { detail: err.message } };
  return { status: 500, body: { detail: 'Internal server error' } };
}

/**
 * `main`'s input for a start. A prepared activity's procedure keeps its SB arguments (`sb_json`, `sbi_id`…): the
 * PUT's kwargs go over them and its args replace them when given, so `oet procedure start` (which always sends
 * an empty `main`) starts it as prepared.
 */
function mainInput(main: { args?: unknown[]; kwargs?: Record<string, unknown> } | undefined, prepared: ScriptInput | undefined): ScriptInput {
  const args = main?.args !== undefined && main.args.length > 0 ? main.args : (prepared?.args ?? []);
  return { args, kwargs: { ...prepared?.kwargs, ...main?.kwargs } };
}

function requestBase(req: FastifyRequest, basePath: string): string {
  return `${req.protocol}://${req.host}${basePath}/procedures`;
}

/** Builds the fastify app: procedures, activities, stream, health, OpenAPI and Swagger UI. */
export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = fastify({
    // pino's Logger and fastify's base logger differ only in generics; the cast keeps FastifyInstance's defaults
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    loggerInstance: ctx.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: ctx.trustProxy,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false, useDefaults: true } },
    forceCloseConnections: true,
    clientErrorHandler,
    ...timeoutServerOptions(ctx.security),
  });
  const notFound = installHttpSecurity(app, ctx.security);
  await app.register(fastifySwagger, swaggerOptions);
  installOpenApiDocs(app, ctx.basePath);
  await registerSwaggerUi(app, ctx.basePath);
  assumeJsonWithoutContentType(app);
  await app.register(fastifySSE, { heartbeatInterval: 0 });

  app.removeContentTypeParser(['text/plain']);
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const missingBody = err.validation !== undefined && err.validationContext === 'body' && (req.body === undefined || req.body === null);
    const { status, body } = missingBody ? { status: 422, body: json422([{ type: 'missing', loc: ['body'], msg: 'Field required' }]) } : errorBody(err);
    if (status >= 500) ctx.logger.error({ err }, 'request failed');
    if (err instanceof OetError && err.headers) void reply.headers(err.headers);
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler(notFound);

  const base = ctx.basePath;
  const health = () => ({
    status: ctx.isClosing() ? 'closing' : 'ok',
    flags: ctx.flags,
    flags_source: ctx.flagsSource,
    procedures: ctx.manager.counts(),
  });
  const healthSchema = { response: { 200: { type: 'object', additionalProperties: true }, 503: { type: 'object', additionalProperties: true } } };

  await app.register(
    (api, _opts, done) => {
      const summaryOf = (req: FastifyRequest, id: number) => ctx.manager.get(id).summary(requestBase(req, base));

      for (const url of ['/procedures', '/procedures/']) {
        api.get(url, { schema: { response: { 200: summaryListSchema } } }, (req) =>
          ctx.manager.list().map((p) => p.summary(requestBase(req, base))),
        );
        api.post<{ Body: CreateBody }>(
          url,
          { schema: { body: createBodySchema, response: { 201: summarySchema, ...errorResponses } } },
          (req, reply) => {
            const request = toCreateRequest(req.body, ctx.roots, ctx.git);
            const proc = ctx.manager.create({ ...request, createdBy: userLabel(req.oetUser) });
            return reply.code(201).send(proc.summary(requestBase(req, base)));
          },
        );
      }

      api.get<{ Params: { id: number } }>(
        '/procedures/:id',
        { schema: { params: idParamsSchema, response: { 200: summarySchema, ...errorResponses } } },
        (req) => summaryOf(req, req.params.id),
      );

      api.put<{ Params: { id: number }; Body: UpdateBody | undefined }>(
        '/procedures/:id',
        {
          schema: {
            params: idParamsSchema,
            body: updateBodySchema,
            response: { 200: { anyOf: [abortMessageSchema, summarySchema] }, ...errorResponses },
          },
        },
        async (req) => {
          if (req.body === undefined || req.body === null) {
            throw new OetError('OET_VALIDATION', 422, [{ type: 'missing', loc: ['body'], msg: 'Field required' }]);
          }
          const { id } = req.params;
          const body = req.body;
          ctx.manager.get(id); // 404 before anything else
          if (body.state === 'RUNNING') {
            const main = body.script_args?.main;
            ctx.manager.start(id, mainInput(main, ctx.manager.get(id).defaultMain));
          } else if (body.state === 'STOPPED') {
            return { abort_message: await ctx.manager.stop(id, body.abort ?? false) };
          }
          return summaryOf(req, id);
        },
      );

      api.get<{ Querystring: { topics?: string } }>(
        '/stream',
        { sse: { kind: 'manual', heartbeat: false }, schema: { querystring: streamQuerySchema } },
        (req, reply) => {
          const client = new SseClient(reply, ctx.events, { heartbeatMs: ctx.sseHeartbeatMs, maxQueuedEvents: ctx.sseMaxQueuedEvents }, (c) =>
            ctx.sseClients.delete(c),
          );
          ctx.sseClients.add(client);
          const last = req.headers['last-event-id'];
          client.start(typeof last === 'string' ? last : undefined, req.query.topics);
        },
      );

      api.get('/health', { schema: healthSchema }, (_req, reply) => reply.code(ctx.isClosing() ? 503 : 200).send(health()));
      api.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
      registerActivityRoutes(api, {
        service: ctx.activities,
        baseUrl: (req) => `${req.protocol}://${req.host}${base}`,
        userOf: (req) => userLabel(req.oetUser),
      });
      done();
    },
    { prefix: base },
  );
  if (base !== '') {
    app.get('/health', { schema: healthSchema }, (_req, reply) => reply.code(ctx.isClosing() ? 503 : 200).send(health()));
  }
  await registerConsoleFeatures(app, { basePath: base, roots: ctx.roots, logger: ctx.logger, hosts: ctx.security.hosts, ...ctx.console });
  return app;
}
