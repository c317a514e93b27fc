/**
 * Eigenvalues of a symmetric tridiagonal matrix T (diagonal d, off-diagonal
 * e) and the last component of each unit eigenvector, which is what Lanczos
 * needs for its residual bounds. Implicit QL with Wilkinson's shift (the
 * EISPACK tql2 scheme; Golub & Van Loan, section 8.3): each sweep applies
 * plane rotations to T, and the same rotations, applied to the last row of
 * the identity, yield the last row of the eigenvector matrix at O(m) cost per
 * sweep instead of O(m^2).
 *
 * Returns the eigenvalues in ascending order with their last components.
 */
export function tridiagonalEigen(d: ArrayLike<number>, e: ArrayLike<number>): { values: Float64Array; lastComponents: Float64Array } {
  const m = d.length;
  const a = Float64Array.from(d);
  // off[i] couples rows i and i + 1; off[m - 1] = 0 is a sentinel.
  const off = new Float64Array(m);
  for (let i = 0; i + 1 < m; i++) off[i] = e[i];
  const last = new Float64Array(m);
  if (m > 0) last[m - 1] = 1;

  for (let l = 0; l < m; l++) {
    for (let sweep = 0; ; sweep++) {
      // Find the first negligible off-diagonal entry at or after l.
      let j = l;
      while (j < m - 1 && Math.abs(off[j]) > Number.EPSILON * (Math.abs(a[j]) + Math.abs(a[j + 1]))) j++;
      if (j === l) break; // a[l] is an eigenvalue
      if (sweep === 60) throw new Error(`tridiagonalEigen: no convergence at row ${l} after 60 sweeps`);
      // Wilkinson shift from the leading 2x2 block of the unreduced part.
      let g = (a[l + 1] - a[l]) / (2 * off[l]);
      let r = Math.hypot(g, 1);
      g = a[j] - a[l] + off[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = j - 1;
      for (; i >= l; i--) {
        const f = s * off[i];
        const bb = c * off[i];
        r = Math.hypot(f, g);
        off[i + 1] = r;
        if (r === 0) {
          // Underflow split the block: deflate and restart the sweep.
          a[i + 1] -= p;
          off[j] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = a[i + 1] - p;
        r = (a[i] - g) * s + 2 * c * bb;
        p = s * r;
        a[i + 1] = g + p;
        g = c * r - bb;
        // The rotation acts on columns i, i + 1 of the eigenvector matrix.
        const t = last[i + 1];
        last[i + 1] = s * last[i] + c * t;
        last[i] = c * last[i] - s * t;
      }
      if (r === 0 && i >= l) continue;
      a[l] -= p;
      off[l] = g;
      off[j] = 0;
    }
  }

  const order = Array.from({ length: m }, (_, i) => i).sort((x, y) => a[x] - a[y]);
  const values = new Float64Array(m);
  const lastComponents = new Float64Array(m);
  order.forEach((from, to) => {
    values[to] = a[from];
    lastComponents[to] = last[from];
  });
  return { values, lastComponents };
}
