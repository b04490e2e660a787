import { describe, expect, it } from "vitest";
import {
  adam,
  fromArray,
  initMLP,
  momentum,
  rng,
  sgd,
  vectorFromArray,
  zerosLike,
  type Optimizer,
} from "../../src/index.js";
import { allocationCount } from "../../src/shape/dtype.js";
import { countAllocations } from "./helpers.js";

const f64 = (rows: number[][]) => fromArray(rows, "f64");

describe("sgd", () => {
  it("moves every parameter by -lr · g", () => {
    const p = {
      W: f64([
        [1, 2],
        [3, 4],
      ]),
      b: vectorFromArray([0.5, -0.5], "f64"),
    };
    sgd({ lr: 0.1 }).step(p, {
      W: f64([
        [1, 0],
        [-2, 10],
      ]),
      b: vectorFromArray([1, 1], "f64"),
    });
    expect(p.W.toArray()).toEqual([
      [1 - 0.1, 2],
      [3 + 0.2, 4 - 1],
    ]);
    expect(p.b.toArray()).toEqual([0.5 - 0.1, -0.5 - 0.1]);
  });
});

describe("momentum", () => {
  it("keeps a velocity v = beta·v + g and moves by -lr · v", () => {
    const p = { w: vectorFromArray([1, -1], "f64") };
    const opt = momentum({ lr: 0.5, beta: 0.8 });
    opt.step(p, { w: vectorFromArray([2, 4], "f64") }); // v = [2, 4]
    expect(p.w.toArray()).toEqual([1 - 1, -1 - 2]);
    opt.step(p, { w: vectorFromArray([1, -1], "f64") }); // v = [0.8·2 + 1, 0.8·4 - 1] = [2.6, 2.2]
    expect(p.w.data[0]).toBeCloseTo(0 - 0.5 * 2.6, 14);
    expect(p.w.data[1]).toBeCloseTo(-3 - 0.5 * 2.2, 14);
  });
});

describe("adam", () => {
  it("moves by about lr on its first step whatever the gradient's scale (bias correction)", () => {
    const p = { w: vectorFromArray([0, 0, 0], "f64") };
    adam({ lr: 0.01 }).step(p, { w: vectorFromArray([1e-3, -50, 2], "f64") });
    p.w.data.forEach((x, i) => expect(x).toBeCloseTo([-0.01, 0.01, -0.01][i]!, 6));
  });
  it("follows m and v with bias correction on the second step", () => {
    const p = { w: vectorFromArray([0], "f64") };
    const opt = adam({ lr: 0.1, beta1: 0.5, beta2: 0.75, eps: 0 });
    opt.step(p, { w: vectorFromArray([2], "f64") }); // m = 1, v = 1; m̂ = 2, v̂ = 4: step 0.1
    opt.step(p, { w: vectorFromArray([-1], "f64") }); // m = 0, v = 1: m̂ = 0: no move
    expect(p.w.data[0]).toBeCloseTo(-0.1, 14);
    opt.step(p, { w: vectorFromArray([4], "f64") }); // m = 2, v = 4.75; m̂ = 2/0.875, v̂ = 4.75/(1-0.75³)
    expect(p.w.data[0]).toBeCloseTo(-0.1 - (0.1 * (2 / 0.875)) / Math.sqrt(4.75 / (1 - 0.75 ** 3)), 14);
  });
});

describe.each([
  ["sgd", () => sgd({ lr: 0.1 })],
  ["momentum", () => momentum({ lr: 0.05 })],
  ["adam", () => adam({ lr: 0.05 })],
] as const)("%s on any parameter tree", (_name, make: () => Optimizer) => {
  it("minimizes a quadratic over an MLP's tuple of layers, allocating nothing after prepare", () => {
    const layers = initMLP(rng(4), [5, 4, 3] as const, { std: 1, dtype: "f64" });
    const target = initMLP(rng(5), [5, 4, 3] as const, { std: 1, dtype: "f64" });
    const grads = zerosLike(layers);
    const lossAndGrad = () => {
      let loss = 0;
      for (let l = 0; l < 2; l++) {
        for (const k of ["W", "b"] as const) {
          const p = layers[l]![k].data,
            t = target[l]![k].data,
            g = grads[l]![k].data;
          for (let i = 0; i < p.length; i++) {
            loss += (p[i]! - t[i]!) ** 2;
            g[i] = 2 * (p[i]! - t[i]!);
          }
        }
      }
      return loss;
    };
    const opt = make();
    opt.prepare!(layers);
    const start = lossAndGrad();
    let end = start;
    const counts = countAllocations(allocationCount, () => {
      for (let s = 0; s < 200; s++) {
        opt.step(layers, grads);
        end = lossAndGrad();
      }
    });
    expect(counts).toEqual({ allocate: 0, typedArrays: 0, views: 0 });
    expect(end).toBeLessThan(start * 0.05);
  });
  it("refuses gradients of another structure at run time", () => {
    const layers = initMLP(rng(4), [5, 4, 3] as const);
    expect(() => make().step(layers, initMLP(rng(4), [5, 3, 3] as const) as never)).toThrow(
      ": 0.W: parameter is [5, 4] f32 but its gradient is [5, 3] f32",
    );
  });
  it("leaves every parameter and its own state untouched when it refuses a step", () => {
    const p = {
      W: f64([
        [1, 2],
        [3, 4],
      ]),
      b: vectorFromArray([0.5, -0.5], "f64"),
    };
    const good = {
      W: f64([
        [1, 1],
        [1, 1],
      ]),
      b: vectorFromArray([1, 1], "f64"),
    };
    // W's gradient is fine, b's has the wrong size: nothing may move, W included.
    const bad = {
      W: f64([
        [1, 1],
        [1, 1],
      ]),
      b: vectorFromArray([1, 1, 1], "f64"),
    };
    const opt = make();
    expect(() => opt.step(p, bad as never)).toThrow("b: parameter is [2] f64 but its gradient is [3] f64");
    expect(p.W.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(p.b.toArray()).toEqual([0.5, -0.5]);
    // The optimizer's state did not advance either: its next step equals a fresh optimizer's.
    const q = {
      W: f64([
        [1, 2],
        [3, 4],
      ]),
      b: vectorFromArray([0.5, -0.5], "f64"),
    };
    opt.step(p, good);
    make().step(q, good);
    expect(p.W.toArray()).toEqual(q.W.toArray());
    expect(p.b.toArray()).toEqual(q.b.toArray());
  });
});

describe("options", () => {
  it.each([
    [() => sgd({ lr: 0 }), "sgd: lr must be a number in (0, ∞), got 0"],
    [() => sgd({ lr: NaN }), "sgd: lr must be a number in (0, ∞), got NaN"],
    [() => momentum({ lr: 0.1, beta: 1 }), "momentum: beta must be a number in [0, 1), got 1"],
    [() => adam({ lr: 0.1, beta2: -0.1 }), "adam: beta2 must be a number in [0, 1), got -0.1"],
    [() => adam({ lr: 0.1, eps: 0 - 1 }), "adam: eps must be a number in [0, ∞), got -1"],
  ])("refuses %#", (f, msg) => {
    expect(f).toThrow(msg);
  });
});

describe.each([
  ["sgd", () => sgd({ lr: 0.1 })],
  ["momentum", () => momentum({ lr: 0.05 })],
  ["adam", () => adam({ lr: 0.05 })],
] as const)("%s state() and loadState()", (_name, make: () => Optimizer) => {
  it("resume the update sequence exactly on a fresh optimizer and a copy of the parameters", () => {
    const a = initMLP(rng(4), [3, 4, 2] as const, { std: 1, dtype: "f64" });
    const g = zerosLike(a);
    const fill = (k: number) =>
      g.forEach((l, i) => {
        l.W.data.fill(0.1 * (k + i + 1));
        l.b.data.fill(-0.2 * k);
      });
    const first = make();
    for (let k = 0; k < 3; k++) {
      fill(k);
      first.step(a, g);
    }
    const saved = first.state!(a);
    const b = a.map((l) => ({
      W: fromArray(
        Array.from({ length: l.W.rows }, (_, r) => Array.from(l.W.data.subarray(r * l.W.cols, (r + 1) * l.W.cols))),
        "f64",
      ),
      b: vectorFromArray(Array.from(l.b.data), "f64"),
    })) as unknown as typeof a;
    const second = make();
    second.loadState!(b, saved);
    for (let k = 3; k < 6; k++) {
      fill(k);
      first.step(a, g);
      second.step(b, g);
    }
    a.forEach((l, i) => {
      expect(b[i]!.W.data).toEqual(l.W.data);
      expect(b[i]!.b.data).toEqual(l.b.data);
    });
    if (Object.keys(saved).length > 0)
      expect(() => make().loadState!(b, {})).toThrow(
        /loadState: "0\.W\.[mvt]" must be a (Float64Array of 12|step count), got nothing|undefined/,
      );
  });
});
