// The helper threads' module, started by the thread provider: evaluations (predict and accuracy,
// src/nn/eval-threads.ts; evaluation sets, src/nn/eval-set.ts) and a prefetching trainer's
// gathers (src/nn/gather-worker.ts). Node-only, and never imported by the root entry (tsup builds
// it on its own, as dist/helper-worker.js, which the root finds beside it).
//
// One module for both jobs, so that one helper can do both: while it serves a trainer's gathers
// it waits on shared memory, not in its event loop, so it reads its messages itself between
// batches (receiveMessageOnPort) and runs the evaluations they bring there, gathering each batch
// asked meanwhile between their pieces. A message it cannot handle inside that loop (new rows or
// a new job for the gathers) ends the loop and waits in the queue for the event loop's turn.
import { parentPort, receiveMessageOnPort } from "node:worker_threads";
import { serveEvalJob, type EvalJob } from "./eval-threads.js";
import { serveSetMessage, type SetMessage } from "./eval-set.js";
import type { GatherJob, GatherRows } from "./gather-ahead.js";
import { keepGatherRows, serveGatherJob, type GatherHost } from "./gather-worker.js";

type HelperMessage = EvalJob | SetMessage | GatherRows | GatherJob;

const queue: HelperMessage[] = [];
let draining = false;

const forGathers = (m: HelperMessage): m is GatherRows | GatherJob =>
  !("set" in m) && (m.kind === "rows" || m.kind === "serve");

function handle(m: HelperMessage): void {
  if ("set" in m) serveSetMessage(m);
  else if (m.kind === "rows") keepGatherRows(m);
  else if (m.kind === "serve") serveGatherJob(m, host);
  else serveEvalJob(m);
}

const host: GatherHost = {
  poll() {
    for (;;) {
      const got = receiveMessageOnPort(parentPort!);
      if (got === undefined) return false;
      const m = got.message as HelperMessage;
      if (forGathers(m)) {
        queue.push(m);
        return true;
      }
      handle(m);
    }
  },
};

function drain(): void {
  if (draining) return;
  draining = true;
  try {
    while (queue.length > 0) handle(queue.shift()!);
  } finally {
    draining = false;
  }
}

parentPort?.on("message", (m: HelperMessage) => {
  queue.push(m);
  drain();
});
