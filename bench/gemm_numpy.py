#!/usr/bin/env python3
"""NumPy's GEMM GFLOP/s for the shapes bench/gemm.ts measures, timed the same way (best batch
of process CPU time).

Usage: gemm_numpy.py '<json list of {"name", "op", "m", "k", "n"}>'
op: nn = a·b, tn = aᵀ·b with a stored k×m, nt = a·bᵀ with b stored n×k (NumPy passes the
transposes to BLAS as flags; nothing is copied). Prints one JSON object on stdout.
Run with OPENBLAS_NUM_THREADS=1 for the single-thread figure.
"""
import ctypes
import glob
import json
import os
import sys
import time

import numpy as np


def best_seconds(f, budget=0.5):
    """Best batch of process CPU time, as bench/timing.ts does for our kernels."""
    t = time.perf_counter()
    while time.perf_counter() - t < min(0.1, budget / 4):
        f()
    best, batches, start = float("inf"), 0, time.perf_counter()
    while batches < 3 or time.perf_counter() - start < budget:
        calls, t0 = 0, time.process_time()
        while True:
            f()
            calls += 1
            t1 = time.process_time()
            if t1 - t0 >= 0.01:
                break
        best = min(best, (t1 - t0) / calls)
        batches += 1
    return best


def openblas_core():
    libs = glob.glob(os.path.join(os.path.dirname(np.__file__), "..", "numpy.libs", "*openblas*"))
    for lib in libs:
        try:
            so = ctypes.CDLL(lib)
            for name in ("scipy_openblas_get_corename64_", "openblas_get_corename"):
                if hasattr(so, name):
                    fn = getattr(so, name)
                    fn.restype = ctypes.c_char_p
                    return fn().decode()
        except OSError:
            pass
    return "unknown"


def main():
    shapes = json.loads(sys.argv[1])
    rng = np.random.default_rng(0)
    out = {"numpy": np.__version__, "core": openblas_core(),
           "threads": os.environ.get("OPENBLAS_NUM_THREADS", "default"), "results": {}}
    for s in shapes:
        m, k, n, op = s["m"], s["k"], s["n"], s["op"]
        res = {}
        for dt in ("float32", "float64"):
            a = rng.standard_normal((k, m) if op == "tn" else (m, k)).astype(dt)
            b = rng.standard_normal((n, k) if op == "nt" else (k, n)).astype(dt)
            o = np.empty((m, n), dtype=dt)
            A = a.T if op == "tn" else a
            B = b.T if op == "nt" else b
            secs = best_seconds(lambda: np.dot(A, B, out=o), budget=1.5 if m * k * n > 1e8 else 0.5)
            res[dt] = {"seconds": secs, "gflops": 2 * m * k * n / secs / 1e9}
        out["results"][s["name"]] = res
    print(json.dumps(out))


if __name__ == "__main__":
    main()
