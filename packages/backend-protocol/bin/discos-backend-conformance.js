#!/usr/bin/env node
// Runs the built CLI. In a source checkout that has not been built yet (fresh `npm ci`), runs the
// TypeScript source instead, so the command works before the first `npm run build`.
import { existsSync } from 'node:fs';
import { register } from 'node:module';

const built = new URL('../dist/conformance-main.js', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  register(
    'data:text/javascript,export async function resolve(s,c,n){return n(s,{...c,conditions:[...c.conditions,"@observatory/source"]})}',
  );
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  await import(new URL('../src/conformance-main.ts', import.meta.url).href);
}
