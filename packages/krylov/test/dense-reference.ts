/**
 * Dense reference computations for the MINRES and Lanczos tests, written for
 * the tests and independent of the code under test: a symmetric
 * eigen-solver (cyclic Jacobi), Gaussian elimination with partial pivoting,
 * and the pseudo-inverse solution built from the eigen-decomposition.
 * Matrices are row-major n x n Float64Arrays.
 */

export interface SymmetricEigen {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** Row-major n x n; column j is the unit eigenvector of values[j]. */
  vectors: Float64Array;
}

/**
 * Cyclic Jacobi (Golub & Van Loan, Algorithm 8.5.3): sweeps of plane
 * rotations, each zeroing one off-diagonal pair, until the off-diagonal
 * Frobenius norm is below 1e-15 of the whole norm. Accurate to a few eps times
 * ||A|| in every eigenvalue; O(n^3) per sweep, fine up to n of a few hundred.
 */
export function jacobiEigen(a: Float64Array, n: number): SymmetricEigen {
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let total = 0;
  for (let i = 0; i < n * n; i++) total += m[i] * m[i];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += 2 * m[p * n + q] ** 2;
    if (off <= 1e-30 * total) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (apq === 0) continue;
        // The rotation [c s; -s c] with t = tan(theta) the smaller root of
        // t^2 + 2 tau t - 1 = 0 zeroes (p, q).
        const tau = (m[q * n + q] - m[p * n + p]) / (2 * apq);
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          // M <- M J (columns p and q) ...
          const mkp = m[k * n + p];
          const mkq = m[k * n + q];
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          // ... then M <- J' M (rows p and q), and V <- V J.
          const mpk = m[p * n + k];
          const mqk = m[q * n + k];
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => m[i * n + i] - m[j * n + j]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((from, to) => {
    values[to] = m[from * n + from];
    for (let k = 0; k < n; k++) vectors[k * n + to] = v[k * n + from];
  });
  return { values, vectors };
}

/** Solves A x = b by Gaussian elimination with partial pivoting. */
export function gaussianSolve(a: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i * n + k]) > Math.abs(m[p * n + k])) p = i;
    if (m[p * n + k] === 0) throw new Error(`gaussianSolve: singular matrix at column ${k}`);
    if (p !== k) {
      for (let j = 0; j < n; j++) [m[k * n + j], m[p * n + j]] = [m[p * n + j], m[k * n + j]];
      [x[k], x[p]] = [x[p], x[k]];
    }
    for (let i = k + 1; i < n; i++) {
      const f = m[i * n + k] / m[k * n + k];
      for (let j = k; j < n; j++) m[i * n + j] -= f * m[k * n + j];
      x[i] -= f * x[k];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let j = i + 1; j < n; j++) s -= m[i * n + j] * x[j];
    x[i] = s / m[i * n + i];
  }
  return x;
}

/**
 * The minimum-norm least-squares solution A^+ b of a symmetric A:
 * sum over eigenpairs with |lambda| > cutoff of (q'b / lambda) q.
 */
export function pseudoInverseSolve(eig: SymmetricEigen, n: number, b: ArrayLike<number>, cutoff: number): Float64Array {
  const x = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const lambda = eig.values[j];
    if (Math.abs(lambda) <= cutoff) continue;
    let qb = 0;
    for (let k = 0; k < n; k++) qb += eig.vectors[k * n + j] * b[k];
    for (let k = 0; k < n; k++) x[k] += (qb / lambda) * eig.vectors[k * n + j];
  }
  return x;
}

/** ||Q_0' x|| for the eigenvectors Q_0 of eigenvalues with |lambda| <= cutoff. */
export function nullspaceComponent(eig: SymmetricEigen, n: number, x: ArrayLike<number>, cutoff: number): number {
  let s = 0;
  for (let j = 0; j < n; j++) {
    if (Math.abs(eig.values[j]) > cutoff) continue;
    let qx = 0;
    for (let k = 0; k < n; k++) qx += eig.vectors[k * n + j] * x[k];
    s += qx * qx;
  }
  return Math.sqrt(s);
}
