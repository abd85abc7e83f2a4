/** Colours of the state segments (matching the badges). */
const FILL: Record<string, string> = {
  CREATING: '#8fa8c8',
  IDLE: '#c4ccd6',
  PREP_ENV: '#b59ad6',
  LOADING: '#9ab8e0',
  INITIALISING: '#7fa7dc',
  READY: '#e6c35c',
  RUNNING: '#4f8fe0',
  COMPLETE: '#4caf6e',
  STOPPED: '#e0954f',
  FAILED: '#d9534f',
  UNKNOWN: '#999999',
};

/**
 * A procedure's history as a picture: one bar per state, its width the time spent there (with a minimum
 * so instant states stay visible), labelled with the state and the seconds since creation.
 */
export function Timeline({ states, now }: { states: Array<[string, number]>; now: number }) {
  if (states.length === 0) return null;
  const t0 = states[0]![1];
  const durations = states.map(([, t], i) => Math.max(0, (states[i + 1]?.[1] ?? now) - t));
  const total = durations.reduce((a, b) => a + b, 0) || 1;
  const width = 760;
  const minW = 44;
  const raw = durations.map((d) => (d / total) * width);
  const scale = (width - minW * states.length) / Math.max(1, raw.reduce((a, b) => a + b, 0));
  let x = 0;
  const rows = states.map(([state, t], i) => {
    const w = minW + Math.max(0, raw[i]! * Math.max(0, scale));
    const row = { state, t, x, w, y: i % 2 === 0 ? 8 : 52 };
    x += w;
    return row;
  });
  const label = states.map(([s, t]) => `${s} at +${(t - t0).toFixed(2)} s`).join(', ');
  return (
    <svg class="timeline" viewBox={`0 0 ${Math.max(width, x) + 90} 96`} role="img" aria-label={`History: ${label}`}>
      {rows.map((r, i) => (
        <g key={i} data-state={r.state}>
          <rect x={r.x} y={36} width={Math.max(1, r.w - 2)} height={12} rx={3} fill={FILL[r.state] ?? '#999'} />
          <line x1={r.x} x2={r.x} y1={r.y === 8 ? 24 : 48} y2={r.y === 8 ? 36 : 56} stroke="#56606b" />
          <text x={r.x + 2} y={r.y === 8 ? 14 : 68} class="tl-state">
            {r.state}
          </text>
          <text x={r.x + 2} y={r.y === 8 ? 26 : 80} class="tl-time">
            +{(r.t - t0).toFixed(2)} s
          </text>
        </g>
      ))}
    </svg>
  );
}
