/**
 * Not-a-knot cubic spline interpolation with first and second derivatives and extrapolation of the end
 * pieces. It equals the reference's scipy `splrep(k=3, s=0)` + `splev` (an interpolating cubic B-spline with
 * the second and second-to-last data points removed from the knots is exactly the not-a-knot spline).
 *
 * Fewer than four points cannot carry a cubic (FITPACK refuses them): the unique interpolating polynomial of
 * degree n-1 is used instead (constant, line, parabola), which is what a not-a-knot spline degenerates to.
 */
export class NotAKnotSpline {
  private readonly x: Float64Array;
  private readonly c0: Float64Array;
  private readonly c1: Float64Array;
  private readonly c2: Float64Array;
  private readonly c3: Float64Array;

  constructor(xs: ArrayLike<number>, ys: ArrayLike<number>) {
    const n = xs.length;
    if (n !== ys.length) throw new RangeError(`x and y lengths differ (${n} vs ${ys.length})`);
    if (n === 0) throw new RangeError('a spline needs at least one point');
    for (let i = 1; i < n; i++) {
      if (!((xs[i] as number) > (xs[i - 1] as number))) {
        throw new RangeError('x values must be strictly increasing');
      }
    }
    this.x = Float64Array.from(xs);
    const y = Float64Array.from(ys);
    const pieces = Math.max(1, n - 1);
    this.c0 = new Float64Array(pieces);
    this.c1 = new Float64Array(pieces);
    this.c2 = new Float64Array(pieces);
    this.c3 = new Float64Array(pieces);
    if (n === 1) {
      this.c0[0] = y[0] as number;
      return;
    }
    const slopes = n === 2 ? linearSlopes(this.x, y) : n === 3 ? parabolaSlopes(this.x, y) : notAKnotSlopes(this.x, y);
    for (let i = 0; i < n - 1; i++) {
      const h = (this.x[i + 1] as number) - (this.x[i] as number);
      const m = ((y[i + 1] as number) - (y[i] as number)) / h;
      const s0 = slopes[i] as number;
      const s1 = slopes[i + 1] as number;
      this.c0[i] = y[i] as number;
      this.c1[i] = s0;
      this.c2[i] = (3 * m - 2 * s0 - s1) / h;
      this.c3[i] = (s0 + s1 - 2 * m) / (h * h);
    }
  }

  /** First and last abscissa. */
  get domain(): [number, number] {
    return [this.x[0] as number, this.x[this.x.length - 1] as number];
  }

  /** Value (`der` 0), slope (1) or curvature (2) at `at`; outside the data the end pieces are extended. */
  evaluate(at: number, der: 0 | 1 | 2 = 0): number {
    const i = this.pieceIndex(at);
    const t = at - (this.x[i] as number);
    const c0 = this.c0[i] as number;
    const c1 = this.c1[i] as number;
    const c2 = this.c2[i] as number;
    const c3 = this.c3[i] as number;
    if (der === 0) return c0 + t * (c1 + t * (c2 + t * c3));
    if (der === 1) return c1 + t * (2 * c2 + t * 3 * c3);
    return 2 * c2 + 6 * c3 * t;
  }

  private pieceIndex(at: number): number {
    const last = this.c0.length - 1;
    if (last <= 0 || at < (this.x[1] as number)) return 0;
    if (at >= (this.x[last] as number)) return last;
    let lo = 1;
    let hi = last;
    // invariant: x[lo] <= at < x[hi]
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((this.x[mid] as number) <= at) lo = mid;
      else hi = mid;
    }
    return lo;
  }
}

function linearSlopes(x: Float64Array, y: Float64Array): Float64Array {
  const m = ((y[1] as number) - (y[0] as number)) / ((x[1] as number) - (x[0] as number));
  return Float64Array.of(m, m);
}

/** Slopes of the parabola through three points (the 3-point not-a-knot spline). */
function parabolaSlopes(x: Float64Array, y: Float64Array): Float64Array {
  const [x0, x1, x2] = [x[0] as number, x[1] as number, x[2] as number];
  const h0 = x1 - x0;
  const h1 = x2 - x1;
  const m0 = ((y[1] as number) - (y[0] as number)) / h0;
  const m1 = ((y[2] as number) - (y[1] as number)) / h1;
  const a = (m1 - m0) / (x2 - x0); // leading coefficient
  const slopeAt = (at: number) => m0 + a * (2 * at - x0 - x1);
  return Float64Array.of(slopeAt(x0), slopeAt(x1), slopeAt(x2));
}

/** Node slopes of the not-a-knot cubic spline: a tridiagonal system solved by the Thomas algorithm. */
function notAKnotSlopes(x: Float64Array, y: Float64Array): Float64Array {
  const n = x.length;
  const dx = new Float64Array(n - 1);
  const m = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) {
    dx[i] = (x[i + 1] as number) - (x[i] as number);
    m[i] = ((y[i + 1] as number) - (y[i] as number)) / (dx[i] as number);
  }
  const lower = new Float64Array(n); // coefficient of s[i-1] in row i
  const diag = new Float64Array(n);
  const upper = new Float64Array(n); // coefficient of s[i+1] in row i
  const rhs = new Float64Array(n);
  const d0 = dx[0] as number;
  const d1 = dx[1] as number;
  // Row 0: continuity of the third derivative at x[1].
  diag[0] = d1;
  upper[0] = d0 + d1;
  rhs[0] = ((d0 + 2 * (d0 + d1)) * d1 * (m[0] as number) + d0 * d0 * (m[1] as number)) / (d0 + d1);
  for (let i = 1; i < n - 1; i++) {
    const a = dx[i - 1] as number;
    const b = dx[i] as number;
    lower[i] = b;
    diag[i] = 2 * (a + b);
    upper[i] = a;
    rhs[i] = 3 * (b * (m[i - 1] as number) + a * (m[i] as number));
  }
  // Row n-1: continuity of the third derivative at x[n-2].
  const e1 = dx[n - 2] as number; // last interval
  const e0 = dx[n - 3] as number;
  lower[n - 1] = e0 + e1;
  diag[n - 1] = e0;
  rhs[n - 1] = (e1 * e1 * (m[n - 3] as number) + (2 * (e0 + e1) + e1) * e0 * (m[n - 2] as number)) / (e0 + e1);

  // Thomas algorithm (forward elimination, back substitution).
  for (let i = 1; i < n; i++) {
    const f = (lower[i] as number) / (diag[i - 1] as number);
    diag[i] = (diag[i] as number) - f * (upper[i - 1] as number);
    rhs[i] = (rhs[i] as number) - f * (rhs[i - 1] as number);
  }
  const s = new Float64Array(n);
  s[n - 1] = (rhs[n - 1] as number) / (diag[n - 1] as number);
  for (let i = n - 2; i >= 0; i--) {
    s[i] = ((rhs[i] as number) - (upper[i] as number) * (s[i + 1] as number)) / (diag[i] as number);
  }
  return s;
}
