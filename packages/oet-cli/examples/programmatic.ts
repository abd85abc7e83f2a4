import { OetClient, runCli } from '@ska/oet-cli';

/** Uses the OET REST client directly, then runs an `oet` command in-process and captures its output. */
export async function example(baseUrl: string): Promise<{ ids: number[]; code: number; output: string }> {
  await using client = new OetClient({ baseUrl, timeoutMs: 5000 });
  const ids = (await client.listProcedures()).map((procedure) => procedure.id);

  let output = '';
  const code = await runCli(['--server-url', baseUrl, '--json', 'procedure', 'list'], {
    stdout: { write: (text: string) => (output += text) },
    stderr: process.stderr,
    env: process.env,
  });
  return { ids, code, output };
}
