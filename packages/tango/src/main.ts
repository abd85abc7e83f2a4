#!/usr/bin/env node
import { runTangoCli } from './cli/index.js';

await runTangoCli();
