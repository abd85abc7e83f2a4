import { defineUserExamples } from './suites/user-examples.js';

// The same user-style suite over real Tango (embedded database, ZMQ events).
defineUserExamples('tango-events');
