import { spawn } from 'node:child_process';

export interface CommandResult {
  code: number | null;
  output: string;
}

const TAIL_BYTES = 4000;

/** Runs a command without a shell, collecting a bounded tail of stdout+stderr; rejects only on spawn errors. */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
      killSignal: 'SIGKILL',
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-TAIL_BYTES);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (signal === 'SIGKILL' && code === null) output += `\n(killed after ${options.timeoutMs} ms)`;
      resolve({ code, output: output.trim() });
    });
  });
}
