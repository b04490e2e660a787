// Where helper threads come from. The root entry must bundle for a browser, so nothing here
// imports node:*: in Node the default provider reaches worker_threads and os at run time through
// process.getBuiltinModule (Node >= 20.16), only when a threaded pass first asks for a thread.
// Elsewhere there is no provider (one thread) unless one is installed with setThreadProvider.
//
// Why no browser provider by default: the passes are synchronous, so the calling thread blocks
// in Atomics.wait until the helpers finish, and a browser's main thread may not block; a page
// also needs cross-origin isolation for SharedArrayBuffer and a worker script it serves itself.
// An app that runs the library inside a Web Worker of an isolated page can install a provider
// whose spawn() makes Web Workers of the same script (see README.md here).
import { threadSetting } from "../settings.js";

/** A started helper thread. */
export interface ThreadHandle {
  /** Sends a message; the buffers in `transfer` move to the thread (the sender's copies are
   * detached), as with postMessage's transfer list. A provider may copy them instead. */
  postMessage(message: unknown, transfer?: readonly ArrayBuffer[]): void;
  terminate(): void;
}

/** Makes helper threads: worker_threads in Node, or whatever an app installs. */
export interface ThreadProvider {
  /** How many threads the machine runs at once: the "auto" thread count. */
  parallelism(): number;
  /**
   * Starts a thread running the module at `url` (a file URL; a `.ts` one is run through tsx, for
   * the repo's own tests and benchmarks). It must never keep the process alive. `onError` gets
   * a failure to start or a crash; the pool then stops posting to it.
   */
  spawn(url: string, onError: (error: unknown) => void): ThreadHandle;
}

interface NodeWorker {
  postMessage(message: unknown, transfer?: readonly ArrayBuffer[]): void;
  terminate(): Promise<number>;
  unref(): void;
  on(event: "error", listener: (error: unknown) => void): void;
}
interface NodeBuiltins {
  getBuiltinModule?(id: string): unknown;
}
interface WorkerOptions {
  eval?: boolean;
  name?: string;
  execArgv?: string[];
}
type WorkerCtor = new (script: URL | string, options?: WorkerOptions) => NodeWorker;

/** The Node provider, or null outside Node (or on a Node without process.getBuiltinModule). */
function nodeProvider(): ThreadProvider | null {
  const proc = (globalThis as { process?: NodeBuiltins }).process;
  if (typeof proc?.getBuiltinModule !== "function") return null;
  const wt = proc.getBuiltinModule("worker_threads") as { Worker?: WorkerCtor } | undefined;
  const os = proc.getBuiltinModule("os") as { availableParallelism?(): number; cpus(): unknown[] } | undefined;
  const Worker = wt?.Worker;
  if (!Worker || !os) return null;
  return {
    parallelism: () => (typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length),
    spawn(url, onError) {
      // From the sources (tests, benchmarks under tsx) the module is TypeScript: load it through
      // tsx's API, since Node 20 does not pass the parent's module hooks to a worker.
      const w = url.endsWith(".ts")
        ? new Worker(
            `import("tsx/esm/api").then((api) => api.tsImport(${JSON.stringify(url)}, ${JSON.stringify(url)}))`,
            {
              eval: true,
              execArgv: [],
              name: "typed-tensor",
            },
          )
        : new Worker(new URL(url), { execArgv: [], name: "typed-tensor" });
      w.on("error", onError);
      w.unref();
      return { postMessage: (m, t) => w.postMessage(m, t), terminate: () => void w.terminate() };
    },
  };
}

let provider: ThreadProvider | null | undefined;

/** The thread provider in effect: the installed one, else Node's, else null (one thread). */
export function threadProvider(): ThreadProvider | null {
  if (provider === undefined) provider = nodeProvider();
  return provider;
}

/** Installs a provider (null: none, so one thread); returns the previous one. */
export function setThreadProvider(p: ThreadProvider | null): ThreadProvider | null {
  const prev = threadProvider();
  provider = p;
  return prev;
}

/** The thread count in effect: the setting, with "auto" resolved through the provider (1 when
 * there is none, or SharedArrayBuffer and Atomics are missing, as on a page not isolated). */
export function threadCount(): number {
  const g = globalThis as { SharedArrayBuffer?: unknown; Atomics?: unknown };
  const p = threadProvider();
  if (!p || typeof g.SharedArrayBuffer !== "function" || typeof g.Atomics !== "object") return 1;
  const s = threadSetting();
  return s === "auto" ? Math.max(1, Math.floor(p.parallelism())) : s;
}
