import { describe, expect, it } from "vitest";
import { asLabels, createTrainer, initTwoLayer, rng, takeLabels, takeRows, sgd, twoLayer } from "../../src/index.js";
import { blobs } from "./helpers.js";
import { CHUNK_ROWS } from "../../src/nn/trainer.js";

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
