import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ActivityNotFoundError } from '../activities/activity-errors.js';
import type { ActivityRequest, ActivityService } from '../activities/activity-service.js';
import {
  activityErrorSchema,
  activityIdParams,
  activityRequestSchema,
  activitySummarySchema,
  sbdIdParams,
  sbdListEntrySchema,
  sbdSchema,
} from './activity-schemas.js';

export interface ActivityRoutesContext {
  service: ActivityService;
  /** `http://host{base}` for the request (honours the proxy setting). */
  baseUrl(req: FastifyRequest): string;
  /** Who sent the request (the token's name or sub) when authentication is on. */
  userOf(req: FastifyRequest): string | undefined;
}

const errors = { 404: activityErrorSchema, 409: activityErrorSchema, 422: activityErrorSchema, 503: activityErrorSchema } as const;
// GETs carry no access rule: the default read rule (procedure:read or activity:read) applies, as for procedures
const EXECUTE = { access: { anyScope: ['activity:execute'] } };

/** `{base}/activities/…` (OET 7) and the read-only `{base}/sbds/…` (beyond OET), inside the prefixed plugin. */
export function registerActivityRoutes(api: FastifyInstance, ctx: ActivityRoutesContext): void {
  const { service } = ctx;
  const activitiesUrl = (req: FastifyRequest) => `${ctx.baseUrl(req)}/activities`;

  for (const url of ['/activities', '/activities/']) {
    api.get(
      url,
      {
        schema: {
          tags: ['activities'],
          summary: 'List activities',
          operationId: url.endsWith('/') ? 'listActivities' : 'listActivitiesNoSlash',
          hide: !url.endsWith('/'),
          response: { 200: { type: 'array', items: activitySummarySchema } },
        },
      },
      (req) => service.list().map((a) => a.summary(activitiesUrl(req))),
    );
    api.post<{ Body: ActivityRequest }>(
      url,
      {
        config: EXECUTE,
        schema: {
          tags: ['activities'],
          summary: 'Run an activity of an SBDefinition',
          description:
            "Loads the SBD from the ODA, creates an SBInstance, prepares the activity's script as a procedure and, unless prepare_only, starts main as soon as it is READY",
          operationId: url.endsWith('/') ? 'runActivity' : 'runActivityNoSlash',
          hide: !url.endsWith('/'),
          body: activityRequestSchema,
          response: { 201: activitySummarySchema, 403: activityErrorSchema, ...errors },
        },
      },
      async (req, reply) => {
        const activity = await service.run(req.body, ctx.userOf(req));
        return reply.code(201).send(activity.summary(activitiesUrl(req)));
      },
    );
  }

  api.get<{ Params: { id: number } }>(
    '/activities/:id',
    {
      schema: {
        tags: ['activities'],
        summary: 'Get one activity',
        operationId: 'getActivity',
        params: activityIdParams,
        response: { 200: activitySummarySchema, ...errors },
      },
    },
    (req, reply) => {
      try {
        return service.get(req.params.id).summary(activitiesUrl(req));
      } catch (err) {
        // OET 7 answers this 404 with a dict detail, unlike the procedure one
        if (err instanceof ActivityNotFoundError) return reply.code(404).send(err.body);
        throw err;
      }
    },
  );

  for (const url of ['/sbds', '/sbds/']) {
    api.get(
      url,
      {
        schema: {
          tags: ['sbds'],
          summary: "List the ODA's SBDefinitions (beyond OET)",
          operationId: url.endsWith('/') ? 'listSbds' : 'listSbdsNoSlash',
          hide: !url.endsWith('/'),
          response: { 200: { type: 'array', items: sbdListEntrySchema }, 503: activityErrorSchema },
        },
      },
      () => service.oda.listSbds(),
    );
  }

  // `:sbd`, not `:sbd_id`: path parameters named *_id are numeric ids on this server
  api.get<{ Params: { sbd: string } }>(
    '/sbds/:sbd',
    {
      schema: {
        tags: ['sbds'],
        summary: 'Get one SBDefinition from the ODA (beyond OET)',
        operationId: 'getSbd',
        params: sbdIdParams,
        response: { 200: sbdSchema, ...errors },
      },
    },
    async (req) => (await service.oda.getSbd(req.params.sbd)).raw,
  );
}
