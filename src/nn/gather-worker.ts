// The helper thread's module for Trainer.prefetch (src/nn/gather-ahead.ts), started by the thread
// provider; Node-only, and never imported by the root entry (tsup builds it on its own, as
// dist/gather-worker.js, which the root finds beside itself).
import { parentPort } from "node:worker_threads";
import { serveGatherMessage, type GatherJob, type GatherRows } from "./gather-ahead.js";

parentPort?.on("message", (msg: GatherRows | GatherJob) => serveGatherMessage(msg));
