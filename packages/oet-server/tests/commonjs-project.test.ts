import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProcedureSummary } from '@ska/oet-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createReady, startTestServer, waitForState, type TestServer } from './helpers.js';

// npm 11's `npm init -y` writes "type": "commonjs": a new user's `.js` script there must still load as the ES
// module it is (and a helper it imports too), while a script written as CommonJS keeps working.
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
  await writeFile(path.join(t.root, 'package.json'), JSON.stringify({ name: 'my-scripts', version: '1.0.0', type: 'commonjs' }));
  await writeFile(path.join(t.root, 'greeting.js'), "export const greeting = (name) => `hello ${name}`;\n");
  await writeFile(
    path.join(t.root, 'esm-script.js'),
    "import { greeting } from './greeting.js';\nexport function main(_input, ctx) { ctx.publish('user.test.greeting', { text: greeting('cjs project') }); }\n",
  );
  await writeFile(path.join(t.root, 'cjs-script.js'), "exports.main = function main() { return 'cjs'; };\n");
}, 30_000);
afterAll(async () => {
  await t?.close();
});

describe('a .js script in a "type": "commonjs" project', () => {
  it.each(['esm-script.js', 'cjs-script.js'])('%s loads and runs to COMPLETE', async (file) => {
    const p = await createReady(t, file);
    expect((await call<ProcedureSummary>(`${t.url}/procedures/${p.id}`, 'PUT', { state: 'RUNNING' })).status).toBe(200);
    const done = await waitForState(t.url, p.id, ['COMPLETE', 'FAILED'], 30_000);
    expect(done.history.stacktrace).toBeNull();
    expect(done.state).toBe('COMPLETE');
  }, 60_000);
});
