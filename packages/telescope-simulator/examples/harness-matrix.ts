// Testing your own observing script against every way of reaching the simulator (in process, HTTP+SSE, HTTP polling).
import { commandAndWait, type DeviceAccess } from '@ska/telescope-simulator';
import { TELESCOPE_HARNESS_MODES, startTelescopeHarness } from '@ska/telescope-simulator/testing';

/** The script under test: it only sees a `DeviceAccess`, as an OET script does. */
async function switchOn(access: DeviceAccess): Promise<void> {
  await commandAndWait(access, { device: access.names.centralNode, command: 'TelescopeOn', attr: 'telescopeState', target: 'ON' });
}

for (const mode of TELESCOPE_HARNESS_MODES) {
  await using h = await startTelescopeHarness(mode, { simulator: { telescope: 'low' } });
  await switchOn(h.access);
  console.log(`${mode}: ${h.simulator.commandLog.map((e) => e.command).join(', ')}`);
}
