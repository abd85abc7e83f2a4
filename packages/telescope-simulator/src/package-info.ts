import { readFileSync } from 'node:fs';

/** The npm name of this package, used in logs and version banners. */
export const PACKAGE_NAME = '@ska/telescope-simulator';

/** The version in package.json (read on demand: src/ and dist/ both sit one level below it). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
