import { readFileSync } from 'node:fs';
import type { SimulatorModule } from '../framework/index.js';

/** The kernel's range for outgoing connections' local ports (Linux; IANA's 49152-65535 elsewhere). */
export function ephemeralPortRange(): { low: number; high: number } {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && Number.isInteger(high)) return { low: low!, high: high! };
  } catch {
    // not Linux
  }
  return { low: 49152, high: 65535 };
}

/**
 * A warning when the offset puts ports of these modules inside the ephemeral range, where any outgoing
 * connection on the machine may already hold (or later take) one; undefined when all stay below it.
 */
export function ephemeralWarning(modules: readonly SimulatorModule[], portOffset: number, range = ephemeralPortRange()): string | undefined {
  const ports = modules.flatMap((m) => m.servers.flatMap((row) => [row.listen, row.send, row.http])).filter((p): p is number => p !== undefined);
  const inRange = ports.map((p) => p + portOffset).filter((p) => p >= range.low && p <= range.high);
  if (inRange.length === 0) return undefined;
  return `warning: port offset ${portOffset} puts ${inRange.length} port(s) (${Math.min(...inRange)}-${Math.max(...inRange)}) in the ephemeral range ${range.low}-${range.high}; an outgoing connection may take one. Choose an offset that keeps every port below ${range.low}.`;
}
