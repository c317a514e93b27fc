/**
 * Test problems and independent reference computations for the Krylov tests.
 * Everything here is plain loops over row-major Float64Arrays, written
 * separately from the code under test.
 */
import { seededRng } from '@hessian-free/linop';

/** Uniform numbers in [0, 1) from linop's seeded generator (mulberry32), as a plain function. */
export function mulberry32(seed: number): () => number {
  const rng = seededRng(seed);
  return () => rng.uniform();
}

/** Standard normal samples by Box-Muller. */
export function gaussian(rand: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

export function randomVector(n: number, rand: () => number): Float64Array {
  const g = gaussian(rand);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = g();
  return v;
}

export interface Csr {
  n: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

/**
 * The 5-point finite-difference Laplacian on an m x m grid with Dirichlet
 * boundary (4 on the diagonal, -1 for each grid neighbour), n = m^2, SPD with
 * eigenvalues 4 - 2cos(i pi/(m+1)) - 2cos(j pi/(m+1)).
 */
export function poisson2d(m: number): Csr {
  const n = m * m;
  const indptr = new Int32Array(n + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let gy = 0; gy < m; gy++) {
    for (let gx = 0; gx < m; gx++) {
      const row = gy * m + gx;
      const push = (col: number, v: number): void => {
        indices.push(col);
        values.push(v);
      };
      if (gy > 0) push(row - m, -1);
      if (gx > 0) push(row - 1, -1);
      push(row, 4);
      if (gx < m - 1) push(row + 1, -1);
      if (gy < m - 1) push(row + m, -1);
      indptr[row + 1] = indices.length;
    }
  }
  return { n, indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) };
}

/** Condition number of poisson2d(m), from its closed-form eigenvalues. */
export function poissonCondition(m: number): number {
  const h = Math.PI / (m + 1);
  return (4 - 4 * Math.cos(m * h)) / (4 - 4 * Math.cos(h));
}

export function csrToDense(a: Csr): Float64Array {
  const d = new Float64Array(a.n * a.n);
  for (let i = 0; i < a.n; i++) {
    for (let t = a.indptr[i]; t < a.indptr[i + 1]; t++) d[i * a.n + a.indices[t]] += a.values[t];
  }
  return d;
}

export function csrMatvec(a: Csr, x: ArrayLike<number>): Float64Array {
  const y = new Float64Array(a.n);
  for (let i = 0; i < a.n; i++) {
    let s = 0;
    for (let t = a.indptr[i]; t < a.indptr[i + 1]; t++) s += a.values[t] * x[a.indices[t]];
    y[i] = s;
  }
  return y;
}

export function denseMatvec(a: Float64Array, n: number, x: ArrayLike<number>): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[i * n + j] * x[j];
    y[i] = s;
  }
  return y;
}

/**
 * A random orthogonal n x n matrix (row-major) as a product of n Householder
 * reflections I - 2 v v'/(v'v) with Gaussian v.
 */
export function randomOrthogonal(n: number, rand: () => number): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (let k = 0; k < n; k++) {
    const v = randomVector(n, rand);
    const vv = dotOf(v, v);
    // Q <- Q (I - 2 v v'/vv): each row q_i <- q_i - (2 (q_i . v)/vv) v.
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += q[i * n + j] * v[j];
      const c = (2 * s) / vv;
      for (let j = 0; j < n; j++) q[i * n + j] -= c * v[j];
    }
  }
  return q;
}

/** A = Q diag(eigenvalues) Q' for a random orthogonal Q, exactly symmetric. */
export function symmetricWithEigenvalues(eigenvalues: ArrayLike<number>, rand: () => number): Float64Array {
  const n = eigenvalues.length;
  const q = randomOrthogonal(n, rand);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q[i * n + k] * eigenvalues[k] * q[j * n + k];
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
  }
  return a;
}

/** n eigenvalues spaced geometrically from 1 to kappa. */
export function geometricSpectrum(n: number, kappa: number): Float64Array {
  const e = new Float64Array(n);
  for (let i = 0; i < n; i++) e[i] = kappa ** (n === 1 ? 0 : i / (n - 1));
  return e;
}

/** Solves A x = b for SPD A by a dense Cholesky factorization A = L L'. */
export function choleskySolve(a: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= l[j * n + k] ** 2;
    if (!(d > 0)) throw new Error(`choleskySolve: matrix not positive definite at ${j}`);
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / ljj;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * y[k];
    y[i] = s / l[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
    x[i] = s / l[i * n + i];
  }
  return x;
}

export function dotOf(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

export function normOf(x: ArrayLike<number>): number {
  return Math.sqrt(dotOf(x, x));
}

/** ||x - y|| / ||y||. */
export function relativeError(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - y[i]) ** 2;
  return Math.sqrt(s) / normOf(y);
}

/** phi(x) = x'Ax/2 - b'x with A x given. */
export function quadraticOf(ax: ArrayLike<number>, b: ArrayLike<number>, x: ArrayLike<number>): number {
  return dotOf(x, ax) / 2 - dotOf(b, x);
}

/** The test's own operator implementations, independent of linop's. */
export interface TestOperator {
  readonly rows: number;
  readonly cols: number;
  apply(x: Float64Array | Float32Array, y: Float64Array | Float32Array): void;
}

export function denseOp(a: Float64Array, n: number): TestOperator & { data: Float64Array } {
  return {
    rows: n,
    cols: n,
    data: a,
    apply(x, y) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += a[i * n + j] * x[j];
        y[i] = s;
      }
    },
  };
}

export function csrOp(c: Csr): TestOperator & Csr {
  return {
    ...c,
    rows: c.n,
    cols: c.n,
    apply(x, y) {
      for (let i = 0; i < c.n; i++) {
        let s = 0;
        for (let t = c.indptr[i]; t < c.indptr[i + 1]; t++) s += c.values[t] * x[c.indices[t]];
        y[i] = s;
      }
    },
  };
}

/** An operator that counts its products. */
export function counting<T extends TestOperator>(op: T): T & { calls: number } {
  const counted = { ...op, calls: 0 };
  counted.apply = (x, y) => {
    counted.calls++;
    op.apply(x, y);
  };
  return counted;
}
