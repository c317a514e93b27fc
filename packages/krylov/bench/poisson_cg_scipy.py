"""scipy.sparse.linalg.cg on the 2-D Poisson problem, for bench/poisson-cg.mjs.

The same problem as the JavaScript side: the 5-point Laplacian on an m x m
grid (Dirichlet boundary), CSR, float64, rows in the same order, b = 1,
rtol 1e-8, a fixed iteration cap. Prints one JSON line per grid size with the
microseconds per iteration of each repetition.

Usage: python3 poisson_cg_scipy.py REPS ITERS M [M ...]   (ITERS: one cap per M)
Run with one thread for BLAS (OPENBLAS_NUM_THREADS=1): the comparison is one
core against one core.
"""
import json
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sp
from scipy.sparse.linalg import cg


def poisson(m):
    n = m * m
    t = sp.diags([-np.ones(m - 1), 4 * np.ones(m), -np.ones(m - 1)], [-1, 0, 1])
    s = sp.diags([-np.ones(m - 1), -np.ones(m - 1)], [-1, 1])
    a = sp.kron(sp.identity(m), t) + sp.kron(s, sp.identity(m))
    a = sp.csr_matrix(a, dtype=np.float64)
    a.sort_indices()
    assert a.shape == (n, n)
    return a


def main():
    reps = int(sys.argv[1])
    caps = [int(v) for v in sys.argv[2].split(",")]
    grids = [int(v) for v in sys.argv[3:]]
    for m, cap in zip(grids, caps):
        a = poisson(m)
        b = np.ones(m * m)
        times = []
        iterations = 0
        for rep in range(reps + 1):
            count = [0]

            def callback(_xk):
                count[0] += 1

            t0 = time.perf_counter()
            _x, _info = cg(a, b, rtol=1e-8, maxiter=cap, callback=callback)
            elapsed = time.perf_counter() - t0
            iterations = count[0]
            if rep > 0:  # the first run warms caches and allocations
                times.append(elapsed * 1e6 / iterations)
        print(json.dumps({"m": m, "n": m * m, "nnz": int(a.nnz), "iterations": iterations,
                          "usPerIteration": times, "scipy": scipy.__version__, "numpy": np.__version__}),
              flush=True)


if __name__ == "__main__":
    main()
