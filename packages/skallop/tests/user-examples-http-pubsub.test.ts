import { defineUserExamples } from './suites/user-examples.js';

defineUserExamples('http-pubsub');
