import { vi } from 'vitest';
import { defineUserExamples } from './suites/user-examples.js';

// The first test also pays for starting the embedded database and the Tango servers in this worker.
vi.setConfig({ testTimeout: 20_000 });

// The same user-style suite over real Tango (embedded database, ZMQ polling).
defineUserExamples('tango-polling');
