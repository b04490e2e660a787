// The tape's buffer reuse: a training loop through valueAndGrad allocates no tensor storage in
// steady state, and a call on other shapes records (and allocates) afresh.
import { describe, expect, it } from "vitest";
import {
  ad,
  adam,
  asLabels,
  initTwoLayer,
  rng,
  takeLabels,
  takeRows,
  twoLayer,
  valueAndGrad,
  type Activation,
} from "../../src/index.js";
import { valueAndGradPlaced } from "../../src/autograd/value-and-grad.js";
import { allocResident, wasmGemm } from "../../src/kernels/wasm/gemm-wasm.js";
import { allocationCount } from "../../src/shape/dtype.js";
import { kernelFamily, setKernelFamily, type KernelFamily } from "../../src/kernels/settings.js";
import { createAutodiffTrainer, twoLayerLoss } from "../../examples/lib/autodiff-trainer.js";
import { blobs, countAllocations } from "../nn/helpers.js";

describe("steady state", () => {
  const run = (act: Activation, steps: number) => {
    const g = rng(21);
    const { X, y } = blobs(g, 400, 20, 5, "f32");
    const params = initTwoLayer(g, 20, 12, 5, { init: "he" });
    const trainer = createAutodiffTrainer(twoLayer(params, { activation: act }), 25, {
      optimizer: adam({ lr: 0.005 }),
    });
    const idx = new Int32Array(25);
    // The first step records the tape and allocates its buffers; the claim is about every step after it.
    g.fillInts(idx, X.rows);
    const losses = [trainer.stepRows(X, y, idx)];
    const counts = { allocate: 0, typedArrays: 0, views: 0 };
    for (let s = 1; s < steps; s++) {
      g.fillInts(idx, X.rows);
      const c = countAllocations(allocationCount, () => losses.push(trainer.stepRows(X, y, idx)));
      counts.allocate += c.allocate;
      counts.typedArrays += c.typedArrays;
      counts.views += c.views;
    }
    return { losses, counts };
  };
  it.each([
    ["sigmoid", "auto"],
    ["relu", "auto"],
    ["tanh", "js"],
    ["sigmoid", "js"],
  ] as const)(
    "1,000 tape steps (%s, kernels %s) allocate no tensor, typed array or view, and repeat exactly",
    (act, backend: KernelFamily) => {
      const prev = setKernelFamily(backend);
      try {
        const a = run(act, 1000);
        expect(a.counts).toEqual({ allocate: 0, typedArrays: 0, views: 0 });
        expect(run(act, 1000).losses).toEqual(a.losses);
        expect(a.losses[999]).toBeLessThan(a.losses[0]!);
      } finally {
        setKernelFamily(prev);
      }
    },
  );
  it("the counter sees the tape's allocations when the shapes change (the check can fail)", () => {
    const g = rng(1);
    const params = initTwoLayer(g, 6, 4, 3);
    const vg = valueAndGrad(twoLayerLoss<6, 4, 3, "f32", number>("sigmoid"));
    const a = blobs(g, 10, 6, 3, "f32"),
      b = blobs(g, 12, 6, 3, "f32");
    vg(params, a.X, asLabels(a.y, 10));
    const same = countAllocations(allocationCount, () => vg(params, a.X, asLabels(a.y, 10)));
    const other = countAllocations(allocationCount, () => vg(params, b.X, asLabels(b.y, 12)));
    expect(same.allocate).toBe(0);
    // A batch of 12 rows: new buffers for every batch-sized node (and its gradient).
    expect(other.allocate).toBeGreaterThan(4);
  });
  it("buffers are reused: a traced op returns the same tensor object on every call", () => {
    const p = { W: initTwoLayer(rng(2), 3, 2, 2).W1 };
    const seen: unknown[] = [];
    const vg = valueAndGrad((q: typeof p) => {
      const s = ad.sigmoid(q.W);
      seen.push(s);
      return ad.sum(s);
    });
    vg(p);
    vg(p);
    expect(seen[0]).toBe(seen[1]);
  });
});

describe("a placed tape (valueAndGradPlaced)", () => {
  it("puts the autodiff trainer's gradients and the tape's buffers in wasm memory, with the same numbers", () => {
    const w = wasmGemm();
    if (!w || kernelFamily() === "js") return; // nothing is resident without the wasm kernels
    const g = rng(8);
    const { X, y } = blobs(g, 300, 784, 10, "f32");
    const params = initTwoLayer(rng(0), 784, 50, 10);
    const trainer = createAutodiffTrainer(twoLayer(params), 100);
    const idx = g.fillInts(new Int32Array(100), X.rows);
    trainer.stepRows(X, y, idx);
    // Without placement every gradient is an ordinary array (offsetOf -1): the product writing
    // dW₁ then copies it out of wasm memory and the update copies it back in.
    for (const grad of [trainer.grads.W1, trainer.grads.b1, trainer.grads.W2, trainer.grads.b2])
      expect(w.heap.offsetOf(grad.data)).toBeGreaterThanOrEqual(0);
    // The same loss and gradients as the unplaced valueAndGrad on the same batch and parameters.
    const xb = takeRows(X, idx, 100);
    const yb = takeLabels(y, idx, 100);
    const placed = valueAndGradPlaced(twoLayerLoss<784, 50, 10, "f32", 100>("sigmoid"), (d, n) => allocResident(d, n))(
      params,
      xb,
      yb,
    );
    const plain = valueAndGrad(twoLayerLoss<784, 50, 10, "f32", 100>("sigmoid"))(params, xb, yb);
    expect(placed.value).toBe(plain.value);
    expect(Array.from(placed.grads.W1.data)).toEqual(Array.from(plain.grads.W1.data));
    expect(Array.from(placed.grads.b2.data)).toEqual(Array.from(plain.grads.b2.data));
  });
});
