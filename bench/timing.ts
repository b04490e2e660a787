// Timing for kernel benchmarks on a shared 2-core machine, where other processes take the CPU
// away mid-measurement: the best of many short batches of *process CPU time* (user + system).
// Time spent descheduled is not counted and interference only ever slows a batch, so the
// minimum is the steadiest estimate of what the code itself costs. bench/gemm_numpy.py uses the
// same rule (time.process_time), so the two sides stay comparable. Whole training runs
// (bench/train.ts) are timed by wall clock instead, in alternating pairs.

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Seconds per call of `f`: the fastest batch (each >= 10 ms of CPU, or one call) within the
 * wall-clock budget, after a warm-up that lets V8 optimize it. */
export function bestSeconds(f: () => void, budgetMs = 500): number {
  const warm = performance.now();
  do f();
  while (performance.now() - warm < Math.min(100, budgetMs / 4));
  let best = Infinity;
  const start = performance.now();
  let batches = 0;
  while (batches < 3 || performance.now() - start < budgetMs) {
    let calls = 0;
    const t0 = cpuSeconds();
    let t = t0;
    do {
      f();
      calls++;
      t = cpuSeconds();
    } while (t - t0 < 0.01);
    best = Math.min(best, (t - t0) / calls);
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
