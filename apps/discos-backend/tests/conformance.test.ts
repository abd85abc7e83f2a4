import { describeBackendConformance } from '@discos/backend-protocol/conformance';
import { spawnApp } from './spawn-app.js';

// The app as a child process, checked by the package's exported conformance suite (one process for the shared groups).
describeBackendConformance(
  'apps/discos-backend child process',
  {
    start: async () => {
      const app = await spawnApp(['--port', '0', '--log-level', 'warn']);
      return { host: app.host, port: app.port, stop: async () => void (await app.stop()) };
    },
  },
  { groups: ['framing', 'grammar', 'commands', 'robustness'], timeoutMs: 30000 },
);
