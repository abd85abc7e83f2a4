import { describeBackendConformance } from '../src/conformance/index.js';
import { inProcessConnections } from './fd-limit.js';
import { startServer } from './start-server.js';

// The full table against our simulator backend, one fresh server per simulator row.
// Row 59 runs client and server in this process: as many connections as the fd limit allows (1000 here;
// tests/concurrency.test.ts always runs 1000 in child processes).
describeBackendConformance('SimulatorBackend 1.4', { start: () => startServer('simulator', '1.4') }, { concurrentConnections: inProcessConnections() });
describeBackendConformance('SimulatorBackend 1.3', { start: () => startServer('simulator', '1.3') }, {
  protocolVersion: '1.3',
  groups: ['grammar', 'commands', 'simulator'],
});
describeBackendConformance('SimulatorBackend 1.2', { start: () => startServer('simulator', '1.2') }, {
  protocolVersion: '1.2',
  groups: ['grammar', 'commands', 'simulator'],
});
describeBackendConformance('AlwaysOkHandler', { start: () => startServer('ok') }, { groups: ['debug-ok'] });
describeBackendConformance('AlwaysFailHandler', { start: () => startServer('fail') }, { groups: ['debug-fail'] });
describeBackendConformance('AlwaysRaiseHandler', { start: () => startServer('raise') }, { groups: ['debug-fail'] });
// The reference-compatible mode (names and codes only, ours-only rows skipped) still passes against ours.
describeBackendConformance('SimulatorBackend 1.4, texts code', { start: () => startServer('simulator', '1.4') }, {
  texts: 'code',
  groups: ['framing', 'grammar', 'commands'],
});
