import { afterAll, beforeAll, describe } from 'vitest';
import { freshEndpoint, sharedEndpoint, withEndpointOf, type WithEndpoint } from './endpoints.js';
import { describeFraming } from './framing.js';
import { DEFAULT_GROUPS, resolveOptions, type ConformanceOptions, type ConformanceTarget } from './options.js';
import { describeRobustness } from './robustness.js';
import { describeSharedState } from './shared-state.js';
import { describeTimedRows } from './timed-rows.js';
import { conformanceVectors, debugVectors } from './vectors.js';
import { describeVectorRows } from './vector-rows.js';

export type { ConformanceOptions, ConformanceTarget, StartedBackend } from './options.js';

/**
 * Registers vitest suites that check a DISCOS backend server against the spec's conformance table,
 * byte for byte through real TCP. `target` is a running server (`{ host, port }`, any language) or a
 * `start()` factory returning a fresh one (like the reference's setUp/tearDown).
 */
export function describeBackendConformance(title: string, target: ConformanceTarget, options: ConformanceOptions = {}): void {
  const resolved = resolveOptions(options);
  const canStart = 'start' in target;
  const groups = new Set(options.groups ?? (canStart ? [...DEFAULT_GROUPS, 'simulator'] : DEFAULT_GROUPS));
  if (groups.has('simulator') && !canStart) {
    throw new Error("the 'simulator' group needs a target with start() (a fresh backend per test)");
  }
  const vectors = [...conformanceVectors(resolved.version), ...debugVectors()].filter((v) => groups.has(v.group));
  const { timeoutMs } = resolved;

  describe(`${title} (DISCOS backend protocol ${resolved.version} conformance)`, () => {
    const shared = sharedEndpoint(target);
    beforeAll(() => shared.setup(), timeoutMs);
    afterAll(() => shared.teardown(), timeoutMs);

    const onShared = withEndpointOf(shared);
    // The simulator group changes backend state, so each of its tests gets a fresh backend.
    const onFresh: WithEndpoint = canStart ? withEndpointOf(freshEndpoint(target)) : onShared;

    for (const group of ['grammar', 'commands', 'simulator', 'debug-ok', 'debug-fail'] as const) {
      const rows = vectors.filter((v) => v.group === group);
      if (rows.length > 0) describeVectorRows(group, rows, resolved, group === 'simulator' ? onFresh : onShared);
    }

    if (groups.has('simulator')) describeTimedRows(resolved, onFresh);
    if (groups.has('simulator')) describeSharedState(resolved, onFresh);
    if (groups.has('framing')) describeFraming(resolved, onShared);
    if (groups.has('robustness')) describeRobustness(resolved, onShared);
  });
}
