#!/usr/bin/env node
import { runTangoCli } from './cli/program.js';

await runTangoCli();
