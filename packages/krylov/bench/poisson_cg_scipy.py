"""scipy.sparse.linalg.cg on the 2-D Poisson problem, for bench/poisson-cg.mjs.

The same problem as the JavaScript side: the 5-point Laplacian on an m x m
grid (Dirichlet boundary), CSR, float64, rows in the same order, b = 1,
rtol 1e-8, an iteration cap. Reads requests `M CAP DTYPE` (float64 or
float32) from standard input, one per line, and answers each with one JSON line: the iterations done and the
microseconds per iteration of one solve (matrices are built once per M), so
that the caller can interleave scipy's solves with its own.

Run with one BLAS thread (OPENBLAS_NUM_THREADS=1): one core against one core.
"""
import json
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sp
from scipy.sparse.linalg import cg


def poisson(m, dtype):
    t = sp.diags([-np.ones(m - 1), 4 * np.ones(m), -np.ones(m - 1)], [-1, 0, 1])
    s = sp.diags([-np.ones(m - 1), -np.ones(m - 1)], [-1, 1])
    a = sp.csr_matrix(sp.kron(sp.identity(m), t) + sp.kron(s, sp.identity(m)), dtype=dtype)
    a.sort_indices()
    return a


def main():
    matrices = {}
    print(json.dumps({"ready": True, "scipy": scipy.__version__, "numpy": np.__version__}), flush=True)
    for line in sys.stdin:
        m, cap, dtype = line.split()
        m, cap = int(m), int(cap)
        if (m, dtype) not in matrices:
            matrices[(m, dtype)] = (poisson(m, dtype), np.ones(m * m, dtype=dtype))
        a, b = matrices[(m, dtype)]
        count = [0]

        def callback(_xk):
            count[0] += 1

        t0 = time.perf_counter()
        cg(a, b, rtol=1e-8, maxiter=cap, callback=callback)
        elapsed = time.perf_counter() - t0
        print(json.dumps({"m": m, "nnz": int(a.nnz), "iterations": count[0], "us": elapsed * 1e6 / count[0]}), flush=True)


if __name__ == "__main__":
    main()
