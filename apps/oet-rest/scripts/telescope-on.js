// A minimal telescope script to start your own from: switches the telescope on and reports its state.
// Subscribe first, then command, then wait: commands resolve when accepted, not when done, and the first
// event of a subscription is the current value (so an already-ON telescope is seen at once).
import { createTelescopeClient } from '@ska/telescope-simulator/client';

export async function main(_input, ctx) {
  const telescope = await createTelescopeClient({ url: process.env.TELESCOPE_SIM_URL, readViaPubsub: ctx.flags.read_via_pubsub });
  try {
    const { centralNode } = telescope.names;
    let reached;
    const on = new Promise((resolve) => (reached = resolve));
    const unsubscribe = await telescope.subscribe(centralNode, 'telescopeState', (e) => {
      ctx.publish('user.script.announce', { msg: `telescopeState is ${e.value}` });
      if (e.value === 'ON') reached();
    });
    try {
      await telescope.command(centralNode, 'TelescopeOn');
      await on;
    } finally {
      await unsubscribe();
    }
  } finally {
    await telescope.close(); // always: the client holds HTTP connections and subscriptions
  }
}
