#!/usr/bin/env node
import { exitCodeFor } from './cli/program.js';
import { buildConformanceProgram } from './cli/conformance-program.js';

try {
  await buildConformanceProgram().exitOverride().parseAsync(process.argv);
} catch (err) {
  process.exitCode = exitCodeFor(err);
}
