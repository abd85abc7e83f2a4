import { fileURLToPath } from 'node:url';
import { SOURCE_NODE_ARGS, startProcess, type TestProcess } from '@observatory/test-utils';

const pkgDir = fileURLToPath(new URL('../..', import.meta.url));
/** tsx start-up on a loaded 2-core machine can be slow; this only bounds a hang. */
const LISTEN_TIMEOUT_MS = 60_000;

/** `oet-rest` (src/main.ts) as a real child process, run from source; killed by its PID on `close()`. */
export function startOetRest(args: readonly string[], env: Record<string, string | undefined> = {}): TestProcess {
  return startProcess(process.execPath, [...SOURCE_NODE_ARGS, 'src/main.ts', ...args], { cwd: pkgDir, env });
}

/** Resolves with the URL from the server's JSON `OET REST server listening` log line; rejects if it exits first. */
export async function listeningUrl(proc: TestProcess): Promise<string> {
  const [line] = await proc.waitForLine(/^\{.*"msg":"OET REST server listening".*$/m, { timeoutMs: LISTEN_TIMEOUT_MS });
  const { url } = JSON.parse(line) as { url?: string };
  if (!url) throw new Error(`listening line without a url: ${line}`);
  return url;
}

/** Every line the process printed, stdout and stderr. */
export function outputLines(proc: TestProcess): string[] {
  return `${proc.stdout}\n${proc.stderr}`.split('\n');
}
