import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { processIo, type CliIo } from './cli-io.js';
import { activityCommand } from './commands/activity-commands.js';
import { listenCommand } from './commands/listen-command.js';
import { sbdCommand } from './commands/sbd-commands.js';
import { createCommand, describeCommand, listCommand, procedureCommand, startCommand, stopCommand } from './commands/procedure-commands.js';
import { normaliseLegacyArgs } from './legacy-args.js';
import { DEFAULT_SERVER_URL } from './server-url.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** The npm name of this package. */
export const PACKAGE_NAME = '@ska/oet-cli';
export const VERSION = pkg.version;

function parseTimeout(value: string): number {
  const ms = Number(value);
  if (!/^\d+$/.test(value.trim()) || ms < 1) throw new InvalidArgumentError('expected a positive number of milliseconds');
  return ms;
}

/**
 * Builds the `oet` program. Commander is set to throw instead of exiting and to write through `io`,
 * so tests drive it in-process; `exitCodeFor`/`reportError` turn whatever it throws into an exit code.
 */
export function buildProgram(io: CliIo = processIo()): Command {
  const program = new Command('oet')
    .description('Command-line client of the SKA Observation Execution Tool (OET) REST server')
    .version(VERSION, '-V, --version', 'print the oet version')
    .addOption(new Option('--server-url <url>', `OET REST API base URL (env: OET_URL, legacy OET_REST_URI; default: ${DEFAULT_SERVER_URL})`))
    .addOption(new Option('--token <token>', 'bearer token for a server with authentication (env: OET_TOKEN, or a file named by OET_TOKEN_FILE)'))
    .option('--json', 'machine-readable output: one JSON document on stdout (NDJSON for event streams)', false)
    .option('--timeout <ms>', 'how long to wait for each server response', parseTimeout, 10000)
    .addCommand(procedureCommand(io))
    .addCommand(listenCommand(io))
    .addCommand(activityCommand(io))
    .addCommand(sbdCommand(io))
    .addHelpText(
      'after',
      `
Older forms still work: oet create|start|stop|list|describe (same as oet procedure …),
--subarray_id, --git_repo, --git_branch, --git_commit, --create_env, --run_abort and --flag=True|False.

Exit codes: 0 success, 1 operation failed (HTTP error, no server, procedure not COMPLETE), 2 usage error.
Colour is used on a terminal unless NO_COLOR is set.

Examples:
  $ oet procedure create file:///srv/oet/scripts/hello.js --subarray-id=1
  $ oet procedure start --scans=2
  $ oet procedure describe
  $ oet sbd list
  $ oet activity run observe sbd-mvp01-20261206-00001
  $ OET_URL=http://oet.example.org/ska-oso-oet/oet/api/v7 oet procedure list --json`,
    );
  // The OET 6 flat forms, hidden from the command list (the help text above names them).
  for (const legacy of [createCommand(io), startCommand(io), stopCommand(io), listCommand(io), describeCommand(io)]) {
    program.addCommand(legacy, { hidden: true });
  }
  configure(program, io);
  return program;
}

/** Applies the shared settings to every command: output through `io`, throw instead of exit, legacy spellings. */
function configure(command: Command, io: CliIo): void {
  command
    .helpOption('-h, --help', 'show help for the command')
    .showHelpAfterError('(add --help for usage)')
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      getOutHelpWidth: () => 100,
      getErrHelpWidth: () => 100,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    });
  // Rewrite `--subarray_id=2`, `--listen=False`… before commander reads them.
  const parseOptions = command.parseOptions.bind(command);
  command.parseOptions = (args: string[]) => parseOptions(normaliseLegacyArgs(args));
  for (const sub of command.commands) configure(sub, io);
}
