// bench/split-products.ts's helper: builds its halves, then runs the product it is asked for.
import { parentPort, workerData } from "node:worker_threads";
import { waitWhile } from "../src/kernels/threads/chunk-queue.js";
import { halves } from "./split-products-half.js";

const { X, W1, dZ, ctl, res } = workerData as {
  X: Float32Array;
  W1: Float32Array;
  dZ: Float32Array;
  ctl: Int32Array;
  res: Float32Array;
};
const mine = halves(X, W1, dZ, 1);
parentPort?.postMessage("ready");
for (let seen = 0; ;) {
  while (Atomics.load(ctl, 0) === seen) waitWhile(ctl, 0, seen, 1000);
  seen = Atomics.load(ctl, 0);
  const op = ctl[1];
  if (op === -1) break;
  if (op === 1) mine.forward();
  else if (op === 2) mine.backward();
  else if (op === 3) (res.set(mine.z), res.set(mine.dW1, mine.z.length));
  Atomics.store(ctl, 2, seen);
  Atomics.notify(ctl, 2);
}
