import { parseArgs } from 'node:util';
import { createLogger } from '@observatory/core';

const { values } = parseArgs({ options: { help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  console.log('usage: telescope-sim [--help]\n\nThe telescope-sim app; its packages are being built (see the issues).');
} else {
  createLogger({ name: 'telescope-sim' }).warn('telescope-sim is not assembled yet');
  process.exitCode = 1;
}
