import type { FastifyInstance } from 'fastify';

/**
 * A POST or PUT body without `Content-Type` is read as JSON, as FastAPI does (Python clients often send
 * `data=json.dumps(...)` without a header); any other declared type still gets 415.
 */
export function assumeJsonWithoutContentType(app: FastifyInstance): void {
  app.addHook('onRequest', (req, _reply, done) => {
    const headers = req.headers;
    const hasBody = headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
    if ((req.method === 'POST' || req.method === 'PUT') && headers['content-type'] === undefined && hasBody) {
      headers['content-type'] = 'application/json';
    }
    done();
  });
}
