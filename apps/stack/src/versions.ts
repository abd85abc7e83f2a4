import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const PACKAGES = ['@ska/oet-server', '@ska/telescope-simulator', '@ska/oet-cli', '@observatory/core'];

/** `stack --version`: the version of each package the stack runs, one per line. */
export function stackVersions(): string {
  return PACKAGES.map((name) => `${name} ${(require(`${name}/package.json`) as { version: string }).version}`).join('\n');
}
