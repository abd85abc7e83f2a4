import {
  AlwaysFailHandler,
  AlwaysOkHandler,
  AlwaysRaiseHandler,
  BackendProtocolHandler,
  SimulatorBackend,
  createBackendServer,
  type Handler,
  type ProtocolVersion,
} from '../src/index.js';

export type HandlerKind = 'simulator' | 'ok' | 'fail' | 'raise';

export function makeHandler(kind: HandlerKind, protocolVersion: ProtocolVersion = '1.4'): Handler {
  switch (kind) {
    case 'simulator':
      return new BackendProtocolHandler(new SimulatorBackend(), { protocolVersion });
    case 'ok':
      return new AlwaysOkHandler();
    case 'fail':
      return new AlwaysFailHandler();
    case 'raise':
      return new AlwaysRaiseHandler();
  }
}

/** Starts an in-process server on 127.0.0.1:0 (conformance `start` target). */
export async function startServer(kind: HandlerKind = 'simulator', protocolVersion: ProtocolVersion = '1.4') {
  const server = createBackendServer({ handler: makeHandler(kind, protocolVersion), port: 0, protocolVersion, closeGraceMs: 200 });
  const { host, port } = await server.listen();
  return { host, port, server, stop: () => server.close() };
}
