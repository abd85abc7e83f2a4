import { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { action, type CommandContext } from '../command-context.js';
import { NoProcedureError, OetUsageError, ProcedureNotCompleteError } from '../errors.js';
import { commandFeed } from '../command-feed.js';
import { followProcedure } from '../follow-procedure.js';
import { activityTable, describeActivity } from '../format/activities.js';
import type { ActivitySummary } from '../types.js';

function parseAid(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new OetUsageError(`--aid must be a positive integer, got '${value}'`);
  return Number(value);
}

function parseScriptArgs(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new OetUsageError(`--script-args must be JSON, e.g. '{"init":{"kwargs":{"foo":"bar"}}}', got '${value}'`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new OetUsageError('--script-args must be a JSON object keyed by function name (init, main)');
  }
  return parsed as Record<string, unknown>;
}

async function lastActivity(ctx: CommandContext): Promise<ActivitySummary> {
  const activities = await ctx.client.listActivities();
  const last = activities.reduce<ActivitySummary | undefined>((best, a) => (best === undefined || a.id > best.id ? a : best), undefined);
  if (!last) throw new NoProcedureError('No activities to describe');
  return last;
}

interface RunOptions {
  scriptArgs: Record<string, unknown>;
  prepareOnly: boolean;
  createEnv: boolean;
  listen: boolean;
}

function runCommand(io: CliIo): Command {
  return new Command('run')
    .description('Run an activity of a scheduling block definition (creates an SBI and a procedure)')
    .argument('<activity-name>', 'activity defined in the SBD, e.g. observe')
    .argument('<sbd-id>', 'scheduling block definition ID, e.g. sbd-mvp01-00011')
    .option('--script-args <json>', 'JSON object of arguments per function, replacing the SB\'s, e.g. {"init":{"kwargs":{"foo":"bar"}}}', parseScriptArgs, {})
    .option('--prepare-only', 'prepare the script but do not start it', false)
    .option('--create-env', 'install the git project\'s npm dependencies first', false)
    .option('--listen', 'show the procedure\'s events until it ends', true)
    .option('--no-listen', 'return as soon as the activity is accepted')
    .action(
      action(io, async (ctx, activityName: string, sbdId: string, opts: RunOptions) => {
        const follow = opts.listen && !opts.prepareOnly;
        await using feed = follow ? commandFeed(ctx) : undefined;
        await feed?.open();
        const activity = await ctx.client.createActivity({
          activity_name: activityName,
          sbd_id: sbdId,
          script_args: opts.scriptArgs,
          prepare_only: opts.prepareOnly,
          create_env: opts.createEnv,
        });
        if (ctx.json && !feed) ctx.emitJson(activity);
        if (!ctx.json) ctx.say(activityTable([activity], ctx.colours));
        if (!feed || activity.procedure_id === null) return;
        if (!ctx.json) ctx.say('\nEvents\n------\n');
        const final = await followProcedure(ctx, feed, activity.procedure_id);
        if (!final || final.state === 'COMPLETE') return;
        if (final.history.stacktrace && !ctx.json) ctx.say(`\nStack Trace:\n------------\n${final.history.stacktrace.trimEnd()}`);
        throw new ProcedureNotCompleteError(final.id, final.state);
      }),
    );
}

function listActivitiesCommand(io: CliIo): Command {
  return new Command('list')
    .description('List the activities the server holds (or one, with --aid)')
    .option('--aid <id>', 'show only this activity', parseAid)
    .action(
      action(io, async (ctx, opts: { aid?: number }) => {
        const activities = opts.aid === undefined ? await ctx.client.listActivities() : [await ctx.client.getActivity(opts.aid)];
        if (ctx.json) ctx.emitJson(activities);
        else ctx.say(activityTable(activities, ctx.colours));
      }),
    );
}

function describeActivityCommand(io: CliIo): Command {
  return new Command('describe')
    .description('Show an activity in detail: state history and script arguments')
    .option('--aid <id>', 'activity to describe (default: the last created)', parseAid)
    .action(
      action(io, async (ctx, opts: { aid?: number }) => {
        const activity = opts.aid === undefined ? await lastActivity(ctx) : await ctx.client.getActivity(opts.aid);
        if (ctx.json) ctx.emitJson(activity);
        else ctx.say(describeActivity(activity, ctx.colours));
      }),
    );
}

export function activityCommand(io: CliIo): Command {
  return new Command('activity')
    .description('Run and inspect activities of scheduling blocks from the server\'s ODA (oet sbd list shows them)')
    .addCommand(runCommand(io))
    .addCommand(listActivitiesCommand(io))
    .addCommand(describeActivityCommand(io));
}
