import { describeBackendConformance } from '../src/conformance/index.js';
import { startServer } from './start-server.js';

// The full table against our simulator backend, one fresh server per simulator row.
describeBackendConformance('SimulatorBackend 1.4', { start: () => startServer('simulator', '1.4') });
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
