// Where the helper threads' module is, in its own file: the evaluations (eval-threads.ts,
// eval-set.ts) and the prefetching trainers (gather-ahead.ts) start it, and none of them
// should import another for it.

/** The helpers' module (evaluations and prefetching gathers: one pool): the TypeScript source
 * when running from the sources (tests, benches), else the built file beside the bundle (tsup's
 * "helper-worker" entry). */
export const HELPER_WORKER_URL = new URL(
  import.meta.url.endsWith(".ts") ? "./helper-worker.ts" : "./helper-worker.js",
  import.meta.url,
).href;
