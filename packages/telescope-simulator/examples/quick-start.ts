// Quick start: serve a simulated mid telescope over HTTP, then observe with the client as an OET script would.
import { commandAndWait, createTelescopeClient, startTelescopeSimServer, type CommandAndWaitOptions } from '@ska/telescope-simulator';

const running = await startTelescopeSimServer({ telescope: 'mid', port: 0 });
const client = await createTelescopeClient({ url: running.url, readViaPubsub: true });
const { names } = client;
const subarray = names.tmSubarray(1);

/**
 * Sends a command and resolves when the watched attribute (default obsState) reaches `target`, printing each
 * change. Commands resolve when accepted, not completed; commandAndWait subscribes first, then sends, so no
 * change can be missed.
 */
function step(options: CommandAndWaitOptions): Promise<void> {
  return commandAndWait(client, { ...options, onEvent: (e) => e.initial || console.log(`  ${e.attr} ${String(e.value)}`) });
}

try {
  await step({ device: names.centralNode, command: 'TelescopeOn', attr: 'telescopeState', target: 'ON' });
  const assign = { subarray_id: 1, dish: { receptor_ids: ['SKA001', 'SKA002'] } };
  await step({ device: subarray, command: 'AssignResources', argin: assign, target: 'IDLE' });
  await step({ device: subarray, command: 'Configure', argin: { tmc: { scan_duration: 0.2 } }, target: 'READY' });
  // The scan ends by itself after tmc.scan_duration: SCANNING, then READY.
  await step({ device: subarray, command: 'Scan', argin: { scan_id: 1 }, target: 'READY' });
  await step({ device: subarray, command: 'End', target: 'IDLE' });
  await step({ device: subarray, command: 'ReleaseAllResources', target: 'EMPTY' });
  const log = await client.getCommandLog();
  console.log(`commands: ${log.map((e) => e.command).join(', ')}`);
} finally {
  await client.close();
  await running.close();
}
