#!/usr/bin/env node
import { PACKAGE_NAME } from './index.js';

console.error(`discos-simulator (${PACKAGE_NAME}) is not implemented yet`);
process.exitCode = 1;
