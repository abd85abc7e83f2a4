import { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { action } from '../command-context.js';
import { describeSbd, sbdTable } from '../format/sbds.js';

/** `oet sbd list|show`: the server's ODA, read-only (`GET {base}/sbds/`, beyond OET 7). */
export function sbdCommand(io: CliIo): Command {
  return new Command('sbd')
    .description("Read the scheduling block definitions in the server's ODA")
    .addCommand(
      new Command('list').description('List the SBDefinitions and their activities').action(
        action(io, async (ctx) => {
          const sbds = await ctx.client.listSbds();
          if (ctx.json) ctx.emitJson(sbds);
          else ctx.say(sbdTable(sbds));
        }),
      ),
    )
    .addCommand(
      new Command('show')
        .description("Show one SBDefinition: its activities, scripts and the arguments they get (--json: the whole document)")
        .argument('<sbd-id>', 'e.g. sbd-mvp01-20261206-00001')
        .action(
          action(io, async (ctx, sbdId: string) => {
            const sbd = await ctx.client.getSbd(sbdId);
            if (ctx.json) ctx.emitJson(sbd);
            else ctx.say(describeSbd(sbd, ctx.colours));
          }),
        ),
    );
}
