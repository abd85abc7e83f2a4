import { parseArgs } from 'node:util';
import { createLogger } from '@observatory/core';

const { values } = parseArgs({ options: { help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  console.log('usage: stack [--help]\n\nThe stack app; its packages are being built (see the issues).');
} else {
  createLogger({ name: 'stack' }).warn('stack is not assembled yet');
  process.exitCode = 1;
}
