import { parseArgs } from 'node:util';
import { createLogger } from '@observatory/core';

const { values } = parseArgs({ options: { help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  console.log('usage: discos-backend [--help]\n\nThe discos-backend app; its packages are being built (see the issues).');
} else {
  createLogger({ name: 'discos-backend' }).warn('discos-backend is not assembled yet');
  process.exitCode = 1;
}
