// The helper threads' module for predict and accuracy (src/nn/eval-threads.ts), started by the
// thread provider; Node-only, and never imported by the root entry (tsup builds it on its own,
// as dist/eval-worker.js, which the root finds beside itself).
import { parentPort } from "node:worker_threads";
import { serveEvalJob, type EvalJob } from "./eval-threads.js";

parentPort?.on("message", (job: EvalJob) => serveEvalJob(job));
