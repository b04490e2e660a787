import { describe, expect, it } from "vitest";
import {
  asLabels,
  createTrainer,
  initTwoLayer,
  rng,
  takeLabels,
  takeRows,
  sgd,
  twoLayer,
  zeros,
} from "../../src/index.js";
import { blobs } from "./helpers.js";
import { CHUNK_ROWS } from "../../src/nn/trainer.js";
import { copyStats, wasmGemm } from "../../src/kernels/wasm/gemm-wasm.js";
import { kernelFamily } from "../../src/kernels/settings.js";

describe("stepRows", () => {
  it("equals step on the gathered batch: X's rows and their labels through the same indices, repeats allowed", () => {
    const g = rng(606);
    const { X, y } = blobs(g, 50, 7, 3, "f64");
    const a = initTwoLayer(rng(1), 7, 5, 3, { std: 0.3, dtype: "f64" });
    const b = initTwoLayer(rng(1), 7, 5, 3, { std: 0.3, dtype: "f64" });
    const ta = createTrainer(twoLayer(a), 6, { optimizer: sgd({ lr: 0.2 }) });
    const tb = createTrainer(twoLayer(b), 6, { optimizer: sgd({ lr: 0.2 }) });
    const idx = [4, 17, 4, 49, 0, 23];
    for (let s = 0; s < 3; s++) {
      const viaRows = ta.stepRows(X, y, idx);
      const viaBatch = tb.step(takeRows(X, idx, 6), takeLabels(y, idx, 6));
      expect(viaRows).toBe(viaBatch);
    }
    expect(a.W1.data).toEqual(b.W1.data);
    expect(ta.grads.b2.data).toEqual(tb.grads.b2.data);
  });
  it("exposes what it trains", () => {
    const p = initTwoLayer(rng(0), 3, 2, 2);
    const t = createTrainer(twoLayer(p, { activation: "tanh" }), 4);
    expect([t.params, t.batch, t.activation]).toEqual([p, 4, "tanh"]);
    expect(t.grads.W1.rows).toBe(3);
    expect(CHUNK_ROWS).toBe(1000);
  });
});

describe("the trainer's gradients live in the kernels' wasm memory", () => {
  it("so a step copies neither dW₁ out of the product nor into the update: W₁'s size twice fewer", () => {
    const w = wasmGemm();
    if (!w || kernelFamily() === "js") return; // nothing is resident without the wasm kernels
    const I = 784,
      H = 50,
      O = 10,
      B = 100;
    const g = rng(5);
    const X = zeros(500, I);
    for (let i = 0; i < X.data.length; i++) X.data[i] = g.next() < 0.8 ? 0 : g.next(); // MNIST-like: lists
    const y = asLabels(
      Uint8Array.from({ length: 500 }, () => g.int(O)),
      500,
    );
    const t = createTrainer(twoLayer(initTwoLayer(rng(0), I, H, O)), B);
    for (const grad of [t.grads.W1, t.grads.W2]) expect(w.heap.offsetOf(grad.data)).toBeGreaterThanOrEqual(0);
    const idx = new Int32Array(B);
    const step = () => t.stepRows(X, y, g.fillInts(idx, 500));
    step();
    const out0 = copyStats.bytesOut;
    for (let s = 0; s < 5; s++) step();
    // What still comes out: W₁ (and the small parameters) from the update, as the parameters are
    // the caller's ordinary arrays. With ordinary gradients dW₁ came out of Xᵀ·dZ too.
    const perStep = (copyStats.bytesOut - out0) / 5;
    expect(perStep).toBeLessThanOrEqual((I * H + H * O + H + O) * 4);
    expect(perStep).toBeGreaterThanOrEqual(I * H * 4);
  });
});
