import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createOetServer, type ProcedureSummary } from '@ska/oet-server';

/** Starts a server, runs one script through create -> READY -> RUNNING -> COMPLETE, and returns its summary. */
export async function quickStart(): Promise<ProcedureSummary> {
  const scripts = await mkdtemp(path.join(os.tmpdir(), 'oet-example-'));
  await writeFile(
    path.join(scripts, 'hello.js'),
    `export function main({ kwargs }, ctx) { ctx.publish('user.script.announce', { msg: 'hello ' + kwargs.name }); }\n`,
  );

  await using server = await createOetServer({ port: 0, scriptRoots: [scripts] });
  const base = await server.listen(); // http://127.0.0.1:<port>/ska-oso-oet/oet/api/v7
  const send = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return (await res.json()) as ProcedureSummary;
  };
  const waitFor = async (id: number, state: string) => {
    for (;;) {
      const p = (await (await fetch(`${base}/procedures/${id}`)).json()) as ProcedureSummary;
      if (p.state === state || p.state === 'FAILED') return p;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  const created = await send('POST', `${base}/procedures/`, {
    script: { script_type: 'filesystem', script_uri: `file://${path.join(scripts, 'hello.js')}` },
    script_args: { init: { args: [], kwargs: { subarray_id: 1 } } },
  });
  await waitFor(created.id, 'READY');
  await send('PUT', `${base}/procedures/${created.id}`, { state: 'RUNNING', script_args: { main: { args: [], kwargs: { name: 'world' } } } });
  return await waitFor(created.id, 'COMPLETE'); // then server.close() runs (await using)
}
