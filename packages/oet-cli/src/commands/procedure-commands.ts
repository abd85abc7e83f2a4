import { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { action, type CommandContext } from '../command-context.js';
import { AmbiguousProcedureError, NoProcedureError, OetUsageError, ProcedureNotCompleteError, ProcedureStateError } from '../errors.js';
import { commandFeed } from '../command-feed.js';
import { followProcedure, waitUntilPrepared } from '../follow-procedure.js';
import { describeProcedure, procedureTable } from '../format/procedures.js';
import { parseScriptInput, parseScriptValue } from '../script-args.js';
import { validateScriptUri } from '../script-uri.js';
import type { GitArgs, ProcedureSummary, ScriptSpec } from '../types.js';
import { PREPARING_STATES } from '../types.js';

/** `--pid` as a positive integer; anything else is a usage error. */
export function parsePid(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new OetUsageError(`--pid must be a positive integer, got '${value}'`);
  return Number(value);
}

async function lastCreated(ctx: CommandContext, verb: string): Promise<ProcedureSummary> {
  const procedures = await ctx.client.listProcedures();
  const last = procedures.reduce<ProcedureSummary | undefined>((best, p) => (best === undefined || p.id > best.id ? p : best), undefined);
  if (!last) throw new NoProcedureError(`No procedures to ${verb}`);
  return last;
}

interface CreateOptions {
  subarrayId: string;
  gitRepo?: string;
  gitBranch?: string;
  gitCommit?: string;
  createEnv?: boolean;
}

export function createCommand(io: CliIo, name = 'create'): Command {
  return new Command(name)
    .description('Load a script on the server and prepare it (runs its init function)')
    .argument('<script-uri>', 'file:///absolute/path.js on the server, or git://path/in/repo.ts')
    .argument('[args...]', 'positional init arguments; --key=value words become init keyword arguments')
    .option('--subarray-id <id>', 'subarray the script controls (init keyword argument subarray_id)', '1')
    .option('--git-repo <url>', 'git repository of a git:// script (server default if omitted)')
    .option('--git-branch <branch>', 'branch of the git repository (server default if omitted)')
    .option('--git-commit <sha>', 'commit of the git repository (overrides --git-branch)')
    .option('--create-env', 'install the git project\'s npm dependencies before loading', false)
    .allowUnknownOption()
    .addHelpText(
      'after',
      `
Values are JSON when they parse (--scans=3 is the number 3), else strings.

Examples:
  $ oet procedure create file:///srv/oet/scripts/hello.js --subarray-id=2 --scans=3
  $ oet procedure create git://scripts/observe.ts --git-repo=https://example.org/obs/scripts.git --create-env`,
    )
    .action(
      action(io, async (ctx, _uri: string, _args: string[], opts: CreateOptions, cmd: Command) => {
        const [uri, ...words] = splitUri(cmd.args);
        const kind = validateScriptUri(uri);
        const gitArgs: GitArgs = {};
        if (opts.gitRepo !== undefined) gitArgs.git_repo = opts.gitRepo;
        if (opts.gitBranch !== undefined) gitArgs.git_branch = opts.gitBranch;
        if (opts.gitCommit !== undefined) gitArgs.git_commit = opts.gitCommit;
        if (kind !== 'git' && (Object.keys(gitArgs).length > 0 || opts.createEnv)) {
          throw new OetUsageError('--git-repo, --git-branch, --git-commit and --create-env only apply to git:// scripts');
        }
        const input = parseScriptInput(words, optionNames(cmd));
        const script: ScriptSpec =
          kind === 'git'
            ? { script_type: 'git', script_uri: uri, git_args: gitArgs, create_env: opts.createEnv === true }
            : { script_type: 'filesystem', script_uri: uri };
        const kwargs = { subarray_id: parseScriptValue(opts.subarrayId), ...input.kwargs };
        const summary = await ctx.client.createProcedure({ script, script_args: { init: { args: input.args, kwargs } } });
        if (ctx.json) ctx.emitJson(summary);
        else ctx.say(procedureTable([summary], ctx.colours));
      }),
    );
}

/** The long option names of a command and its ancestors (`listen`, `no-listen`, `server-url`…). */
function optionNames(cmd: Command): string[] {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) for (const option of c.options) if (option.long) names.push(option.long.slice(2));
  return names;
}

/** The script URI is the first word that is not an option (unknown options may precede it). */
function splitUri(words: readonly string[]): [string, ...string[]] {
  const index = words.findIndex((word) => !word.startsWith('-'));
  if (index === -1) throw new OetUsageError("missing required argument 'script-uri'");
  return [words[index]!, ...words.filter((_, i) => i !== index)];
}

export function listCommand(io: CliIo, name = 'list'): Command {
  return new Command(name)
    .description('List the procedures the server holds (or one, with --pid)')
    .option('--pid <id>', 'show only this procedure', parsePid)
    .action(
      action(io, async (ctx, opts: { pid?: number }) => {
        const procedures = opts.pid === undefined ? await ctx.client.listProcedures() : [await ctx.client.getProcedure(opts.pid)];
        if (ctx.json) ctx.emitJson(procedures);
        else ctx.say(procedureTable(procedures, ctx.colours));
      }),
    );
}

export function describeCommand(io: CliIo, name = 'describe'): Command {
  return new Command(name)
    .description('Show a procedure in detail: state history, arguments, git source, stack trace')
    .option('--pid <id>', 'procedure to describe (default: the last created)', parsePid)
    .action(
      action(io, async (ctx, opts: { pid?: number }) => {
        const summary = opts.pid === undefined ? await lastCreated(ctx, 'describe') : await ctx.client.getProcedure(opts.pid);
        if (ctx.json) ctx.emitJson(summary);
        else ctx.say(describeProcedure(summary, ctx.colours));
      }),
    );
}

interface StartOptions {
  pid?: number;
  listen: boolean;
}

export function startCommand(io: CliIo, name = 'start'): Command {
  return new Command(name)
    .description('Run the main function of a prepared procedure and, by default, show its events until it ends')
    .argument('[args...]', 'positional main arguments; --key=value words become main keyword arguments')
    .option('--pid <id>', 'procedure to start (default: the last created, which must be READY)', parsePid)
    .option('--listen', 'show the procedure\'s events until it ends', true)
    .option('--no-listen', 'return as soon as the procedure is RUNNING')
    .allowUnknownOption()
    .addHelpText(
      'after',
      `
A procedure still being prepared is waited for until READY. While listening, the exit code is 0
when the procedure COMPLETEs and 1 when it FAILs or is STOPPED; Ctrl-C detaches and leaves it running.

Examples:
  $ oet procedure start --scans=2
  $ oet procedure start --pid=3 sbi-mvp01-20200325-00001 --simulate=false --no-listen`,
    )
    .action(
      action(io, async (ctx, _args: string[], opts: StartOptions, cmd: Command) => {
        const main = parseScriptInput(cmd.args, optionNames(cmd));
        const target = opts.pid === undefined ? await lastCreated(ctx, 'start') : await ctx.client.getProcedure(opts.pid);
        const pid = target.id;
        if (target.state !== 'READY' && !PREPARING_STATES.has(target.state)) throw new ProcedureStateError(pid, target.state);

        // Subscribe before starting, so the first events of the run are not missed.
        const needFeed = opts.listen || target.state !== 'READY';
        await using feed = needFeed ? commandFeed(ctx) : undefined;
        await feed?.open();
        if (feed && target.state !== 'READY') {
          const state = await waitUntilPrepared(ctx, feed, pid);
          if (state === undefined) return; // detached while waiting
          if (state !== 'READY') throw new ProcedureStateError(pid, state);
        }

        const started = await ctx.client.startProcedure(pid, main);
        if (!opts.listen || !feed) {
          if (ctx.json) ctx.emitJson(started);
          else ctx.say(procedureTable([started], ctx.colours));
          return;
        }
        if (!ctx.json) ctx.say(`${procedureTable([started], ctx.colours)}\n\nEvents\n------\n`);
        const final = await followProcedure(ctx, feed, pid);
        if (!final) {
          ctx.warn(`Stopped listening; procedure ${pid} carries on. Check it with: oet procedure describe --pid=${pid}`);
          return;
        }
        if (final.state === 'COMPLETE') return;
        if (final.history.stacktrace && !ctx.json) ctx.say(`\nStack Trace:\n------------\n${final.history.stacktrace.trimEnd()}`);
        throw new ProcedureNotCompleteError(pid, final.state);
      }),
    );
}

interface StopOptions {
  pid?: number;
  runAbort: boolean;
}

export function stopCommand(io: CliIo, name = 'stop'): Command {
  return new Command(name)
    .description('Stop a procedure and, by default, run the abort script on its subarray')
    .option('--pid <id>', 'procedure to stop (default: the only RUNNING one)', parsePid)
    .option('--run-abort', 'run the server\'s abort script for the subarray after stopping', true)
    .option('--no-run-abort', 'only stop the procedure')
    .action(
      action(io, async (ctx, opts: StopOptions) => {
        let pid = opts.pid;
        if (pid === undefined) {
          const running = (await ctx.client.listProcedures()).filter((p) => p.state === 'RUNNING');
          if (running.length === 0) throw new NoProcedureError('No procedures to stop');
          if (running.length > 1) throw new AmbiguousProcedureError(running.map((p) => p.id));
          pid = running[0]!.id;
        }
        const answer = await ctx.client.stopProcedure(pid, opts.runAbort);
        if (ctx.json) ctx.emitJson(answer);
        else ctx.say(answer.abort_message);
      }),
    );
}

/** `oet procedure …`, with the same commands that also exist as the older flat forms. */
export function procedureCommand(io: CliIo): Command {
  return new Command('procedure')
    .description('Create, start, stop and inspect procedures (scripts run by the server)')
    .addCommand(createCommand(io))
    .addCommand(listCommand(io))
    .addCommand(describeCommand(io))
    .addCommand(startCommand(io))
    .addCommand(stopCommand(io));
}
