import { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { action } from '../command-context.js';
import { commandFeed } from '../command-feed.js';
import { eventJson, formatEvent, topicMatches } from '../format/events.js';

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

export function listenCommand(io: CliIo): Command {
  return new Command('listen')
    .description('Show the events of the server and its scripts as they happen, until Ctrl-C')
    .option('--topics <list>', 'comma-separated topics to show, each with its sub-topics (the server filters)', 'all')
    .option('--exclude <list>', 'comma-separated topics to hide, each with its sub-topics', 'request,procedure.pool')
    .addHelpText(
      'after',
      `
Reconnects with Last-Event-ID after a dropped connection, so no buffered event is missed.
Under --json each event is one JSON line (NDJSON) carrying the stream's "id".

Examples:
  $ oet listen
  $ oet listen --topics=procedure.lifecycle,user.script --exclude=procedure.lifecycle.statechange`,
    )
    .action(
      action(io, async (ctx, opts: { topics: string; exclude: string }) => {
        const exclude = list(opts.exclude);
        const topics = list(opts.topics);
        const serverTopics = topics.length === 0 || topics.includes('all') ? undefined : topics.join(',');
        await using feed = commandFeed(ctx, serverTopics);
        await feed.open();
        ctx.warn(`Listening to ${ctx.serverUrl}/stream (Ctrl-C to stop)`);
        for (;;) {
          const event = await feed.next();
          if (!event) return;
          if (topicMatches(event.topic, exclude)) continue;
          if (ctx.json) ctx.emitJsonLine(JSON.parse(eventJson(event)));
          else ctx.say(formatEvent(event));
        }
      }),
    );
}
