// Quick start: serve a simulated mid telescope over HTTP, then observe with the client as an OET script would.
import { createTelescopeClient, startTelescopeSimServer } from '@ska/telescope-simulator';

const running = await startTelescopeSimServer({ telescope: 'mid', port: 0 });
const client = await createTelescopeClient({ url: running.url, readViaPubsub: true });
const { names } = client;
const subarray = names.tmSubarray(1);

/**
 * Runs `action` and resolves when `device`'s `attr` becomes `target`. Commands resolve when accepted,
 * not completed, so subscribe first, then act: no change can be missed.
 */
async function becomes(device: string, attr: string, target: string, action: () => Promise<unknown>): Promise<void> {
  let reached!: () => void;
  const done = new Promise<void>((resolve) => (reached = resolve));
  const unsubscribe = await client.subscribe(device, attr, (e) => {
    if (e.initial) return;
    console.log(`  ${attr} ${String(e.value)}`);
    if (e.value === target) reached();
  });
  try {
    await action();
    await done;
  } finally {
    await unsubscribe();
  }
}

try {
  await becomes(names.centralNode, 'telescopeState', 'ON', () => client.command(names.centralNode, 'TelescopeOn'));
  const assign = { subarray_id: 1, dish: { receptor_ids: ['SKA001', 'SKA002'] } };
  await becomes(subarray, 'obsState', 'IDLE', () => client.command(subarray, 'AssignResources', assign));
  await becomes(subarray, 'obsState', 'READY', () => client.command(subarray, 'Configure', { tmc: { scan_duration: 0.2 } }));
  // The scan ends by itself after tmc.scan_duration: SCANNING, then READY.
  await becomes(subarray, 'obsState', 'READY', () => client.command(subarray, 'Scan', { scan_id: 1 }));
  await becomes(subarray, 'obsState', 'IDLE', () => client.command(subarray, 'End'));
  await becomes(subarray, 'obsState', 'EMPTY', () => client.command(subarray, 'ReleaseAllResources'));
  const log = await client.getCommandLog();
  console.log(`commands: ${log.map((e) => e.command).join(', ')}`);
} finally {
  await client.close();
  await running.close();
}
