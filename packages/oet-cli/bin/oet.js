#!/usr/bin/env node
// Runs the built CLI. In a source checkout that has not been built yet (fresh `npm ci`), runs the
// TypeScript source instead, so the command works before the first `npm run build`.
// OET_CLI_FROM_SOURCE=1 forces the source even when built (the package's tests use it, so a stale
// dist/ can never be what they test).
import { existsSync } from 'node:fs';
import { register } from 'node:module';

const built = new URL('../dist/main.js', import.meta.url);
if (existsSync(built) && process.env.OET_CLI_FROM_SOURCE !== '1') {
  await import(built.href);
} else {
  register(
    'data:text/javascript,export async function resolve(s,c,n){return n(s,{...c,conditions:[...c.conditions,"@observatory/source"]})}',
  );
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  await import(new URL('../src/main.ts', import.meta.url).href);
}
