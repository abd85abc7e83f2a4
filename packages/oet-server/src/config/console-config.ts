import { ConfigError, envBool, envString, readEnv } from '@observatory/core';
import { resolveConsoleDir } from '../console/console-dir.js';

/** The console's command-line values (they beat the environment). */
export interface ConsoleCliValues {
  console?: boolean;
  consoleDir?: string;
  telescopeUrl?: string;
}

/**
 * `--console` / `OET_CONSOLE` (serve the web console; `--console-dir` / `OET_CONSOLE_DIR` says where its
 * files are, default the installed `@ska/oet-ui`) and `--telescope-url` / `OET_TELESCOPE_URL` (else
 * `TELESCOPE_SIM_URL`, which scripts read too). A console that cannot be found stops startup.
 */
export function resolveConsoleConfig(cli: ConsoleCliValues, env: NodeJS.ProcessEnv): { consoleDir?: string; telescopeUrl?: string } {
  const e = readEnv(
    {
      console: envBool('OET_CONSOLE', false),
      consoleDir: envString('OET_CONSOLE_DIR'),
      telescopeUrl: envString(['OET_TELESCOPE_URL', 'TELESCOPE_SIM_URL']),
    },
    env,
  );
  const dir = cli.consoleDir ?? e.consoleDir;
  const wanted = cli.console ?? (e.console || dir !== undefined);
  const telescopeUrl = cli.telescopeUrl ?? e.telescopeUrl;
  if (telescopeUrl !== undefined && !/^https?:\/\/[^/]/.test(telescopeUrl)) {
    throw new ConfigError(`${cli.telescopeUrl ? '--telescope-url' : 'OET_TELESCOPE_URL'} must be an http(s) URL, got '${telescopeUrl}'`);
  }
  let consoleDir: string | undefined;
  if (wanted) {
    try {
      consoleDir = resolveConsoleDir(dir);
    } catch (err) {
      throw new ConfigError((err as Error).message, { cause: err });
    }
  }
  return { consoleDir, telescopeUrl };
}
