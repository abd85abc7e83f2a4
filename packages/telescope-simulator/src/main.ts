#!/usr/bin/env node
import { PACKAGE_NAME } from './index.js';

console.error(`telescope-sim (${PACKAGE_NAME}) is not implemented yet`);
process.exitCode = 1;
