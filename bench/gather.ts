// The minibatch row gather (100 rows of 784 float32 out of 60,000). First the copy strategies on
// synthetic rows: an element loop, and TypedArray.set from a view of each row made once per X and
// cached (the kernel's choice, src/kernels/gather.ts). Then where the trainer's gather time goes
// on the real training set (188 MB of float32 pixels): the same copy from 100 fresh random rows
// each call (cold: the rows come from main memory) against 100 rows copied over and over (hot:
// in cache, the copy alone), and the listing of the batch's nonzeros that the trainer does next
// (src/nn/dense-stack.ts gather). The cold-minus-hot gap is what cache misses cost; the same
// rows as bytes show what a byte source would read instead.
// Run: npx tsx bench/gather.ts (process CPU time, best of batches; see timing.ts).
import { bestSeconds } from "./timing.js";
import { rng } from "../src/random/rng.js";
import { takeRows } from "../src/kernels/gather.js";
import { allocResident, allocRowLists, listNonzeros, reserveResident } from "../src/kernels/wasm/gemm-wasm.js";
import { loadMnist } from "../src/data/load-node.js";

const rows = 60000,
  cols = 784,
  batch = 100;
const X = new Float32Array(rows * cols);
const g = rng(0);
for (let i = 0; i < X.length; i++) X[i] = g.next();
const out = new Float32Array(batch * cols);
const idx = new Int32Array(batch);
const pick = (n = rows): void => {
  for (let r = 0; r < batch; r++) idx[r] = g.int(n);
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

// The trainer's gather on MNIST: the batch lands in wasm memory (resident), as in the trainer.
const { train } = await loadMnist();
const M = train.images.data,
  N = train.images.rows;
reserveResident(batch * cols * 12 + (1 << 20));
const xb = allocResident("f32", batch * cols);
const lists = allocRowLists("f32", batch, cols, 50);
if (!xb || !lists) throw new Error("bench/gather: needs the wasm kernels");
const hot = Int32Array.from({ length: batch }, (_, i) => i);
// The same pixels as bytes (what the IDX file holds), 47 MB: how much of the miss cost a byte
// source would save. Only the copy: turning bytes into float32 would come on top.
const bytes = Uint8Array.from(M, (v) => Math.round(v * 255));
const byteOut = new Uint8Array(batch * cols);
const coldBytes = (): void => {
  pick(N);
  takeRows(byteOut as never, bytes as never, idx, batch, cols, N);
};
const cold = (): void => {
  pick(N);
  takeRows(xb, M, idx, batch, cols, N);
};
for (let round = 0; round < 2; round++) {
  const c = bestSeconds(cold),
    h = bestSeconds(() => takeRows(xb, M, hot, batch, cols, N)),
    l = bestSeconds(() => listNonzeros(lists, xb, batch)),
    u = bestSeconds(coldBytes);
  console.log(
    `MNIST round ${round}: copy 100 random rows ${(c * 1e6).toFixed(1)} µs (the same 100 rows again and again: ` +
      `${(h * 1e6).toFixed(1)} µs, so cache misses are ${(((c - h) / c) * 100).toFixed(0)}% of it), ` +
      `then list their nonzeros ${(l * 1e6).toFixed(1)} µs; 100 random rows of the same pixels as bytes: ` +
      `${(u * 1e6).toFixed(1)} µs`,
  );
}
