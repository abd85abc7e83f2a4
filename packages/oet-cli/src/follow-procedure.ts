import type { CommandContext } from './command-context.js';
import type { EventFeed } from './event-feed.js';
import { eventJson, eventProcedureId, formatEvent } from './format/events.js';
import { FINAL_STATES, type OetEvent, type ProcedureSummary } from './types.js';

const ENDING_TOPICS = new Set(['procedure.lifecycle.complete', 'procedure.lifecycle.failed', 'procedure.lifecycle.stopped']);

/** The state a `statechange` event of `pid` moves to, if it is one. */
function newState(event: OetEvent, pid: number): string | undefined {
  if (event.topic !== 'procedure.lifecycle.statechange' || eventProcedureId(event) !== pid) return undefined;
  return typeof event.payload.new_state === 'string' ? event.payload.new_state : undefined;
}

/**
 * Waits, on an open feed, until a preparing procedure is READY or has ended. Returns its state, or
 * undefined when the user detached. The state is read again after the feed opened, so a change
 * between the first read and the subscription is not missed.
 */
export async function waitUntilPrepared(ctx: CommandContext, feed: EventFeed, pid: number): Promise<string | undefined> {
  const current = await ctx.client.getProcedure(pid);
  if (current.state === 'READY' || FINAL_STATES.has(current.state) || current.state === 'RUNNING') return current.state;
  ctx.warn(`Waiting for procedure ${pid} to become READY (now ${current.state})...`);
  for (;;) {
    const event = await feed.next();
    if (!event) return undefined;
    const state = newState(event, pid);
    if (state === 'READY' || (state !== undefined && FINAL_STATES.has(state))) return state;
  }
}

/**
 * Shows the events of one procedure as lines (NDJSON under `--json`) until it ends; returns its
 * final summary, or undefined when the user detached (Ctrl-C).
 */
export async function followProcedure(ctx: CommandContext, feed: EventFeed, pid: number): Promise<ProcedureSummary | undefined> {
  for (;;) {
    const event = await feed.next();
    if (!event) return undefined;
    if (eventProcedureId(event) !== pid) continue;
    if (ctx.json) ctx.emitJsonLine(JSON.parse(eventJson(event)));
    else if (event.topic !== 'procedure.lifecycle.statechange') ctx.say(formatEvent(event)); // the lifecycle lines say it already
    const state = newState(event, pid);
    // complete/failed/stopped close a run; UNKNOWN (a child that would not die) has no lifecycle event.
    if (ENDING_TOPICS.has(event.topic) || state === 'UNKNOWN') return ctx.client.getProcedure(pid);
  }
}
