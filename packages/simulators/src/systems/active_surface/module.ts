import type { SimulatorModule, ServerRow } from '../../framework/index.js';
import { ActiveSurfaceLine } from './line-system.js';

/** The 96 lines (8 sectors × 12) on TCP 11000-11095, USDs 1..17 each. */
const ROWS: ServerRow[] = Array.from({ length: 96 }, (_, line) => ({
  listen: 11000 + line,
  transport: 'tcp',
  options: { minUsdIndex: 1, maxUsdIndex: 17 },
}));

const index = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);

export const activeSurface: SimulatorModule = {
  name: 'active_surface',
  servers: ROWS,
  createSystem: ({ clock, options }) =>
    new ActiveSurfaceLine({ clock, minUsdIndex: index(options['minUsdIndex'], 1), maxUsdIndex: index(options['maxUsdIndex'], 17) }),
};
