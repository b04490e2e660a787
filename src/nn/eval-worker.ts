// The helper threads' module for predict and accuracy (src/nn/eval-threads.ts) and evaluation
// sets (src/nn/eval-set.ts), started by the thread provider; Node-only, and never imported by the
// root entry (tsup builds it on its own, as dist/eval-worker.js, which the root finds beside it).
import { parentPort } from "node:worker_threads";
import { serveEvalJob, type EvalJob } from "./eval-threads.js";
import { serveSetMessage, type SetMessage } from "./eval-set.js";

parentPort?.on("message", (m: EvalJob | SetMessage) => ("set" in m ? serveSetMessage(m) : serveEvalJob(m)));
