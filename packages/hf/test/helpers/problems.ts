import { seededRng } from '@hessian-free/linop';
import type { MinimizeCallbacks } from '@hessian-free/hf';

/**
 * Test problems with hand-written derivatives (float64), and the independent
 * references the tests compare against: central finite differences and a
 * dense Newton iteration with a Cholesky solve.
 */

/** Extended Rosenbrock (More, Garbow & Hillstrom 1981): n even; n = 2 is the classic one. */
export function extendedRosenbrock(): MinimizeCallbacks {
  return {
    value(x) {
      let f = 0;
      for (let i = 0; i < x.length; i += 2) {
        const r = x[i + 1] - x[i] * x[i];
        f += 100 * r * r + (1 - x[i]) * (1 - x[i]);
      }
      return f;
    },
    gradient(x, g) {
      for (let i = 0; i < x.length; i += 2) {
        const r = x[i + 1] - x[i] * x[i];
        g[i] = -400 * x[i] * r - 2 * (1 - x[i]);
        g[i + 1] = 200 * r;
      }
    },
    hessianVector(x, v, out) {
      // 2x2 blocks [[1200 a^2 - 400 b + 2, -400 a], [-400 a, 200]] at (a, b) = (x_i, x_{i+1}).
      for (let i = 0; i < x.length; i += 2) {
        const a = x[i];
        const b = x[i + 1];
        out[i] = (1200 * a * a - 400 * b + 2) * v[i] - 400 * a * v[i + 1];
        out[i + 1] = -400 * a * v[i] + 200 * v[i + 1];
      }
    },
  };
}

/** (-1.2, 1, -1.2, 1, ...), the standard start. */
export function rosenbrockStart(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
}

/** A seeded stream uniform in [0, 1): linop's generator (mulberry32). */
export function seeded(seed: number): () => number {
  return seededRng(seed).uniform;
}


/** Standard normal by Box-Muller. */
function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** A dataset: rows of A (m x n, row-major) and labels y in {0, 1}. */
export interface Dataset {
  readonly m: number;
  readonly n: number;
  readonly A: Float64Array;
  readonly y: Float64Array;
}

/** m points with n standard-normal features and labels drawn from a logistic model. */
export function logisticData(m: number, n: number, seed: number): Dataset {
  const rand = seeded(seed);
  const wTrue = Float64Array.from({ length: n }, () => normal(rand));
  const A = Float64Array.from({ length: m * n }, () => normal(rand));
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let z = 0;
    for (let j = 0; j < n; j++) z += A[i * n + j] * wTrue[j];
    y[i] = rand() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { m, n, A, y };
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/**
 * L2-regularized logistic regression, f(w) = (1/m) sum_i [log(1 + e^{z_i}) - y_i z_i]
 * + (lambda/2) ||w||^2 with z = A w; strictly convex (H >= lambda I), so the
 * minimizer is unique. g = A'(s - y)/m + lambda w, H v = A' D A v / m + lambda v
 * with s = sigmoid(z), D = diag(s (1 - s)).
 */
export function logisticRegression(d: Dataset, lambda: number): Required<MinimizeCallbacks> & { hessian(w: Float64Array): Float64Array } {
  const { m, n, A, y } = d;
  const z = new Float64Array(m);
  const margins = (w: Float64Array): void => {
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += A[i * n + j] * w[j];
      z[i] = s;
    }
  };
  const value = (w: Float64Array): number => {
    margins(w);
    let f = 0;
    for (let i = 0; i < m; i++) f += softplus(z[i]) - y[i] * z[i];
    let ww = 0;
    for (let j = 0; j < n; j++) ww += w[j] * w[j];
    return f / m + (lambda / 2) * ww;
  };
  const gradient = (w: Float64Array, g: Float64Array): void => {
    margins(w);
    for (let j = 0; j < n; j++) g[j] = lambda * w[j];
    for (let i = 0; i < m; i++) {
      const r = (sigmoid(z[i]) - y[i]) / m;
      for (let j = 0; j < n; j++) g[j] += r * A[i * n + j];
    }
  };
  return {
    value,
    gradient,
    valueAndGradient(w, g) {
      gradient(w, g);
      return value(w);
    },
    hessianVector(w, v, out) {
      margins(w);
      for (let j = 0; j < n; j++) out[j] = lambda * v[j];
      for (let i = 0; i < m; i++) {
        const s = sigmoid(z[i]);
        let av = 0;
        for (let j = 0; j < n; j++) av += A[i * n + j] * v[j];
        const c = (s * (1 - s) * av) / m;
        for (let j = 0; j < n; j++) out[j] += c * A[i * n + j];
      }
    },
    hessian(w) {
      margins(w);
      const H = new Float64Array(n * n);
      for (let j = 0; j < n; j++) H[j * n + j] = lambda;
      for (let i = 0; i < m; i++) {
        const s = sigmoid(z[i]);
        const c = (s * (1 - s)) / m;
        for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) H[j * n + k] += c * A[i * n + j] * A[i * n + k];
      }
      return H;
    },
  };
}

/** Solves H x = b for symmetric positive definite H (n x n, row-major) by Cholesky, H = L L'. */
export function choleskySolve(H: Float64Array, b: Float64Array): Float64Array {
  const n = b.length;
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = H[j * n + j];
    for (let k = 0; k < j; k++) d -= L[j * n + k] ** 2;
    if (!(d > 0)) throw new Error('choleskySolve: matrix is not positive definite');
    L[j * n + j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      let s = H[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = s / L[j * n + j];
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) x[i] -= L[i * n + k] * x[k];
    x[i] /= L[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) x[i] -= L[k * n + i] * x[k];
    x[i] /= L[i * n + i];
  }
  return x;
}

/** Central difference of the value: g_i ~ (f(x + h e_i) - f(x - h e_i)) / 2h. */
export function fdGradient(f: MinimizeCallbacks, x: Float64Array, h: number): Float64Array {
  const g = new Float64Array(x.length);
  const p = Float64Array.from(x);
  for (let i = 0; i < x.length; i++) {
    p[i] = x[i] + h;
    const up = f.value(p);
    p[i] = x[i] - h;
    const down = f.value(p);
    p[i] = x[i];
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

/** Central difference of the gradient along v: H v ~ (g(x + h v) - g(x - h v)) / 2h. */
export function fdHessianVector(f: MinimizeCallbacks, x: Float64Array, v: Float64Array, h: number): Float64Array {
  const n = x.length;
  const gUp = new Float64Array(n);
  const gDown = new Float64Array(n);
  f.gradient(
    x.map((xi, i) => xi + h * v[i]),
    gUp,
  );
  f.gradient(
    x.map((xi, i) => xi - h * v[i]),
    gDown,
  );
  return gUp.map((u, i) => (u - gDown[i]) / (2 * h));
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}
