#!/usr/bin/env node
import { runServerCli } from '../server/cli/server-programs.js';

await runServerCli('tango-db');
