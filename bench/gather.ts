// The minibatch row gather, two strategies on MNIST-shaped rows (100 of 60,000 × 784 float32):
// an element loop, and TypedArray.set from a view of each row made once per X and cached.
// Run: npx tsx bench/gather.ts (process CPU time, best of batches; see timing.ts).
import { bestSeconds } from "./timing.js";
import { rng } from "../src/random/rng.js";

const rows = 60000,
  cols = 784,
  batch = 100;
const X = new Float32Array(rows * cols);
const g = rng(0);
for (let i = 0; i < X.length; i++) X[i] = g.next();
const out = new Float32Array(batch * cols);
const idx = new Int32Array(batch);
const pick = (): void => {
  for (let r = 0; r < batch; r++) idx[r] = g.int(rows);
};

function loop(): void {
  pick();
  for (let r = 0; r < batch; r++) {
    const src = idx[r]! * cols,
      dst = r * cols;
    for (let j = 0; j < cols; j++) out[dst + j] = X[src + j]!;
  }
}
const views: Float32Array[] = [];
for (let i = 0; i < rows; i++) views.push(X.subarray(i * cols, (i + 1) * cols));
function cachedViews(): void {
  pick();
  for (let r = 0; r < batch; r++) out.set(views[idx[r]!]!, r * cols);
}
function freshViews(): void {
  pick();
  for (let r = 0; r < batch; r++) out.set(X.subarray(idx[r]! * cols, (idx[r]! + 1) * cols), r * cols);
}
for (let round = 0; round < 2; round++) {
  const a = bestSeconds(loop),
    b = bestSeconds(cachedViews),
    c = bestSeconds(freshViews);
  console.log(
    `round ${round}: element loop ${(a * 1e6).toFixed(1)} µs, set from cached views ${(b * 1e6).toFixed(1)} µs, ` +
      `set from a fresh subarray ${(c * 1e6).toFixed(1)} µs per 100-row gather`,
  );
}
