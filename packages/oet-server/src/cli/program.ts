import { Command, CommanderError, Option } from 'commander';
import { AddressInUseError, ConfigError, ExitCode, GracefulShutdown, createLogger, hasErrorCode, packageVersion, type Level } from '@observatory/core';
import { resolveOetConfig, type CliValues, type ConfigDefaults } from '../config/oet-config.js';
import { addSecurityOptions } from '../config/security-config.js';
import { createOetServer } from '../oet-server.js';
import { PACKAGE_NAME } from '../package-name.js';

export interface ProgramOptions extends ConfigDefaults {
  env?: NodeJS.ProcessEnv;
  /** Called once the server listens (tests and the app use it). */
  onListening?: (url: string) => void;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** The `oet-rest` command: parses configuration, starts the server, shuts down on SIGINT/SIGTERM. */
export function buildProgram(options: ProgramOptions = {}): Command {
  const program = new Command('oet-rest');
  program
    .description('SKA Observation Execution Tool REST server (OET 7 API)')
    .version(packageVersion(import.meta.url), '-V, --version')
    .option('--host <host>', 'bind address (OET_HOST, default 127.0.0.1)')
    .option('--port <port>', 'port, 0 = any free port (OET_PORT, default 5000)')
    .option('--base-path <path>', 'URL base path (OET_BASE_PATH, default /ska-oso-oet/oet/api/v7)')
    .option('--scripts-root <dir>', 'allowed file:// script root, repeatable (OET_SCRIPT_ROOTS)', collect)
    .option('--config <file>', 'oet.ini to read, must exist (OET_CONFIG)')
    .option('--console', 'serve the web console at /console (OET_CONSOLE; needs @ska/oet-ui)')
    .option('--console-dir <dir>', "the console's built files (OET_CONSOLE_DIR, default @ska/oet-ui's dist)")
    .option('--telescope-url <url>', 'telescope simulator the console shows (OET_TELESCOPE_URL, else TELESCOPE_SIM_URL)')
    .option('--tango-host <host:port>', 'show the telescope from this Tango database instead (OET_TANGO_HOST)')
    .option('--tango-central-node <name>', 'the TMC central node (OET_TANGO_CENTRAL_NODE, default ska_mid/tm_central/central_node)')
    .option('--tango-subarray-node <name>', 'a TM subarray node, repeatable (OET_TANGO_SUBARRAY_NODES, default: those in the database)', collect)
    .addOption(new Option('--log-level <level>', 'log level (LOG_LEVEL, default info)').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']))
    .action(async (values: CliValues) => {
      const env = options.env ?? process.env;
      const config = await resolveOetConfig(values, options, env);
      const logger = createLogger({ name: 'oet-rest', level: config.logLevel as Level | 'silent', env });
      for (const warning of config.flags.warnings) logger.warn(warning);
      logger.info({ flags: config.flags.flags, flagsSource: config.flags.source, package: PACKAGE_NAME }, 'feature flags');
      const server = await createOetServer({ ...config.server, logger });
      const shutdown = new GracefulShutdown({ logger, timeoutMs: (config.server.stopGraceMs ?? 1000) + 5000 });
      shutdown.register('oet-server', server);
      shutdown.listen();
      try {
        const url = await server.listen();
        options.onListening?.(url);
      } catch (err) {
        await server.close();
        throw err;
      }
    });
  addSecurityOptions(program);
  return program;
}

/** Exit code for an error out of `parseAsync`: help/version 0, usage/config 2, operational 1. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
  }
  if (err instanceof ConfigError) return ExitCode.Usage;
  return ExitCode.Failure;
}

/** Runs the CLI and returns its exit code (the process stays up while the server listens). */
export async function runCli(argv: string[], options: ProgramOptions = {}): Promise<number> {
  try {
    await buildProgram(options).exitOverride().parseAsync(argv);
    return ExitCode.Ok;
  } catch (err) {
    const code = exitCodeFor(err);
    if (err instanceof CommanderError) return code;
    if (err instanceof AddressInUseError) console.error(`oet-rest: ${err.message} (is another server running? use --port)`);
    else if (err instanceof ConfigError) console.error(`oet-rest: invalid configuration: ${err.message}`);
    else if (hasErrorCode(err)) console.error(`oet-rest: ${(err as Error).message}`);
    else console.error(err);
    return code;
  }
}
