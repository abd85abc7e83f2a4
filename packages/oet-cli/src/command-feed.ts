import type { CommandContext } from './command-context.js';
import { EventFeed } from './event-feed.js';

/** The server's event stream for a command: detaches on Ctrl-C, tells the user about drops and recoveries. */
export function commandFeed(ctx: CommandContext, topics?: string): EventFeed {
  return new EventFeed(ctx.client.streamUrl(topics), {
    headersTimeoutMs: ctx.client.timeoutMs,
    headers: ctx.client.authHeaders,
    signal: ctx.io.signal,
    onConnectionChange: (state) =>
      ctx.warn(state === 'lost' ? 'Connection to the OET server lost; reconnecting...' : `Reconnected to ${ctx.serverUrl}/stream`),
  });
}
