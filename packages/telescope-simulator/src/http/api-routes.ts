import type { FastifyInstance } from 'fastify';
import type { TelescopeSimulator } from '../simulator.js';
import * as schemas from './schemas.js';

export interface ApiRoutesOptions {
  simulator: TelescopeSimulator;
  readViaPubsub: boolean;
}

/** Health, state, attributes and commands. */
export function apiRoutes(app: FastifyInstance, options: ApiRoutesOptions, done: () => void): void {
  const sim = options.simulator;

  app.get('/health', { schema: schemas.healthSchema }, () => ({ status: 'ok', telescope: sim.telescope, readViaPubsub: options.readViaPubsub, seq: sim.seq }));

  app.get('/api/v1/state', { schema: schemas.stateSchema }, () => sim.snapshot());

  app.get<{ Querystring: { device: string; attr: string } }>('/api/v1/attributes', { schema: schemas.readAttributeSchema }, (request) => {
    const { device, attr } = request.query;
    return { device, attr, ...sim.readNow(device, attr) };
  });

  app.put<{ Body: { device: string; attr: string; value: unknown } }>('/api/v1/attributes', { schema: schemas.writeAttributeSchema }, async (request, reply) => {
    const { device, attr, value } = request.body;
    await sim.write(device, attr, value);
    return reply.code(204).send();
  });

  app.post<{ Body: { device: string; command: string; argin?: unknown } }>('/api/v1/commands', { schema: schemas.commandSchema }, (request) => {
    const { device, command, argin } = request.body;
    return sim.sendCommand(device, command, argin);
  });

  done();
}
