import { parseArgs } from 'node:util';
import { createLogger } from '@observatory/core';

const { values } = parseArgs({ options: { help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  console.log('usage: oet-rest [--help]\n\nThe oet-rest app; its packages are being built (see the issues).');
} else {
  createLogger({ name: 'oet-rest' }).warn('oet-rest is not assembled yet');
  process.exitCode = 1;
}
