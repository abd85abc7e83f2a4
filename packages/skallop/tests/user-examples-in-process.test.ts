import { defineUserExamples } from './suites/user-examples.js';

defineUserExamples('in-process');
