#!/usr/bin/env node
import { PACKAGE_NAME } from './index.js';

console.error(`discos-simulator (${PACKAGE_NAME}): CLI not assembled yet`);
process.exitCode = 1;
