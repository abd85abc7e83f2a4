import type { FastifyInstance } from 'fastify';
import { ControlDisabledError } from '../errors.js';
import type { TelescopeSimulator } from '../simulator.js';
import type { Delays, FaultSpec, Skews } from '../types.js';
import * as schemas from './schemas.js';

export interface ControlRoutesOptions {
  simulator: TelescopeSimulator;
  /** When false every control endpoint answers 403 `TELSIM_CONTROL_DISABLED`. */
  enabled: boolean;
}

/** The simulation knobs over HTTP: reset, faults, delays, command log, force reset. */
export function controlRoutes(app: FastifyInstance, options: ControlRoutesOptions, done: () => void): void {
  const sim = options.simulator;
  app.addHook('onRequest', (_request, _reply, next) => next(options.enabled ? undefined : new ControlDisabledError()));

  app.post('/api/v1/control/reset', { schema: schemas.noContentSchema }, async (_request, reply) => {
    sim.resetNow();
    return reply.code(204).send();
  });

  app.get('/api/v1/control/faults', { schema: schemas.listFaultsSchema }, () => ({ faults: sim.faults.list() }));

  app.post<{ Body: FaultSpec }>('/api/v1/control/faults', { schema: schemas.injectFaultSchema }, (request) => ({ id: sim.faults.inject(request.body) }));

  app.delete('/api/v1/control/faults', { schema: schemas.noContentSchema }, async (_request, reply) => {
    sim.faults.clear();
    return reply.code(204).send();
  });

  app.delete<{ Params: { id: string } }>('/api/v1/control/faults/:id', { schema: schemas.clearFaultSchema }, async (request, reply) => {
    sim.faults.clear(request.params.id);
    return reply.code(204).send();
  });

  app.get('/api/v1/control/delays', { schema: schemas.getDelaysSchema }, () => sim.timing);

  app.put<{ Body: Delays & { skews?: Skews } }>('/api/v1/control/delays', { schema: schemas.setDelaysSchema }, async (request, reply) => {
    sim.setDelaysNow(request.body);
    return reply.code(204).send();
  });

  app.get('/api/v1/control/command-log', { schema: schemas.commandLogSchema }, () => ({ entries: sim.commandLog }));

  app.post<{ Body: { subarrayId: number } }>('/api/v1/control/force-reset', { schema: schemas.forceResetSchema }, async (request, reply) => {
    sim.forceResetNow(request.body.subarrayId);
    return reply.code(204).send();
  });

  done();
}
