/** Where each obsState sits in the diagram (SKA's subarray observation state machine). */
const NODES: Record<string, [number, number]> = {
  EMPTY: [70, 40],
  RESOURCING: [215, 40],
  IDLE: [360, 40],
  CONFIGURING: [505, 40],
  READY: [650, 40],
  SCANNING: [790, 40],
  RESTARTING: [70, 125],
  RESETTING: [360, 125],
  ABORTED: [215, 205],
  ABORTING: [505, 205],
  FAULT: [790, 205],
};

/** [from, to, bend]: bend ≠ 0 draws a curve (for the return edge of a pair), dashed = abort/fault paths. */
const EDGES: Array<[string, string, number, boolean?]> = [
  ['EMPTY', 'RESOURCING', 12],
  ['RESOURCING', 'EMPTY', 12],
  ['RESOURCING', 'IDLE', 12],
  ['IDLE', 'RESOURCING', 12],
  ['IDLE', 'CONFIGURING', 12],
  ['CONFIGURING', 'READY', 12],
  ['READY', 'CONFIGURING', 12],
  ['READY', 'SCANNING', 12],
  ['SCANNING', 'READY', 12],
  ['READY', 'IDLE', -60],
  ['RESOURCING', 'ABORTING', 0, true],
  ['IDLE', 'ABORTING', 0, true],
  ['CONFIGURING', 'ABORTING', 0, true],
  ['READY', 'ABORTING', 0, true],
  ['SCANNING', 'ABORTING', 0, true],
  ['ABORTING', 'ABORTED', 0],
  ['ABORTED', 'RESETTING', 0],
  ['ABORTED', 'RESTARTING', 0],
  ['RESETTING', 'IDLE', 0],
  ['RESTARTING', 'EMPTY', 0],
  ['FAULT', 'RESETTING', 0, true],
  ['FAULT', 'RESTARTING', -40, true],
];

const HW = 58;
const HH = 15;

function boundary([x, y]: [number, number], [tx, ty]: [number, number]): [number, number] {
  const dx = tx - x;
  const dy = ty - y;
  const t = Math.min(dx === 0 ? Infinity : HW / Math.abs(dx), dy === 0 ? Infinity : HH / Math.abs(dy));
  return [x + dx * t, y + dy * t];
}

function edgePath(from: string, to: string, bend: number): string {
  const a = NODES[from]!;
  const b = NODES[to]!;
  const mx = (a[0] + b[0]) / 2;
  const my = (a[1] + b[1]) / 2;
  const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
  // control point pushed sideways (to the left of the direction of travel) by `bend`
  const c: [number, number] = [mx + (-(b[1] - a[1]) / len) * bend, my + ((b[0] - a[0]) / len) * bend];
  const start = boundary(a, bend === 0 ? b : c);
  const end = boundary(b, bend === 0 ? a : c);
  return bend === 0 ? `M${start[0]},${start[1]} L${end[0]},${end[1]}` : `M${start[0]},${start[1]} Q${c[0]},${c[1]} ${end[0]},${end[1]}`;
}

/** A subarray's obsState machine with the current state lit and the states it passed through marked. */
export function ObsStateDiagram({ subarray, current, visited }: { subarray: number; current: string; visited: ReadonlySet<string> }) {
  return (
    <svg class="obs-diagram" viewBox="0 0 850 230" role="img" aria-label={`Subarray ${subarray} obsState machine, current state ${current}`} data-current={current}>
      <defs>
        <marker id={`arrow-${subarray}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" fill="#56606b" />
        </marker>
      </defs>
      {EDGES.map(([from, to, bend, dashed]) => (
        <path
          key={`${from}-${to}`}
          d={edgePath(from, to, bend)}
          class={`edge ${dashed ? 'dashed' : ''}`}
          marker-end={`url(#arrow-${subarray})`}
        />
      ))}
      {Object.entries(NODES).map(([state, [x, y]]) => {
        const cls = state === current ? 'node current' : visited.has(state) ? 'node visited' : 'node';
        return (
          <g key={state} class={cls} data-state={state} aria-current={state === current ? 'true' : undefined}>
            <rect x={x - HW} y={y - HH} width={HW * 2} height={HH * 2} rx={8} />
            <text x={x} y={y + 4} text-anchor="middle">
              {state}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
