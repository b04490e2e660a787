// Timing for benchmarks on a shared 2-core machine: the best of many short batches. Other
// processes only ever make a batch slower, so the minimum is the least noisy estimate of what
// the code itself costs; the same rule is used for NumPy (bench/gemm_numpy.py).

/** Seconds per call of `f`: the fastest batch (each >= 20 ms, or one call) within the budget. */
export function bestSeconds(f: () => void, budgetMs = 800): number {
  const warm = performance.now();
  do f();
  while (performance.now() - warm < Math.min(100, budgetMs / 4));
  let best = Infinity;
  const start = performance.now();
  let batches = 0;
  while (batches < 3 || performance.now() - start < budgetMs) {
    let calls = 0;
    const t0 = performance.now();
    let t = t0;
    do {
      f();
      calls++;
      t = performance.now();
    } while (t - t0 < 20);
    best = Math.min(best, (t - t0) / 1000 / calls);
    batches++;
  }
  return best;
}

/** The median of a list of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The environment for a single-threaded NumPy run: one OpenBLAS thread, and without the
 * OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE overrides this machine sets for old OpenBLAS builds
 * (they slow a current NumPy; unset here only, never in tests). */
export function numpyEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1" };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}
