import { parseArgs } from 'node:util';
import { createLogger } from '@observatory/core';

const { values } = parseArgs({ options: { help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  console.log('usage: discos-simulators [--help]\n\nThe discos-simulators app; its packages are being built (see the issues).');
} else {
  createLogger({ name: 'discos-simulators' }).warn('discos-simulators is not assembled yet');
  process.exitCode = 1;
}
