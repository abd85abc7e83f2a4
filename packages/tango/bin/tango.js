#!/usr/bin/env node
// One rule for every bin (CONTRIBUTING.md, "Running the bins"): installed from npm it runs the built dist/; in a
// workspace checkout (tsconfig.json sits next to package.json there and is never published) it runs the
// TypeScript source, so an edit is live without a rebuild. OBSERVATORY_BIN=dist runs dist/ in a checkout too.
import { existsSync } from 'node:fs';
import { register } from 'node:module';

const entry = 'main';
const checkout = existsSync(new URL('../tsconfig.json', import.meta.url));
if (!checkout || process.env.OBSERVATORY_BIN === 'dist') {
  await import(new URL(`../dist/${entry}.js`, import.meta.url).href);
} else {
  register(
    'data:text/javascript,export async function resolve(s,c,n){return n(s,{...c,conditions:[...c.conditions,"@observatory/source"]})}',
  );
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  await import(new URL(`../src/${entry}.ts`, import.meta.url).href);
}
