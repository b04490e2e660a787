// valueAndGrad against its oracles: the hand-written backward of the seed network (twoLayerBackward,
// the documented alternative), the NumPy fixtures, and the fused trainer over whole runs; then
// trees of every shape, pass-through of data, and the errors.
import { describe, expect, it } from "vitest";
import {
  ad,
  asLabels,
  createTrainer,
  dim,
  full,
  grad,
  initTwoLayer,
  Matrix,
  momentum,
  rng,
  sgd,
  twoLayerBackward,
  twoLayerForward,
  twoLayer,
  valueAndGrad,
  Vector,
  zeros,
  zerosVector,
  type Activation,
  type DType,
  type Labels,
  type TwoLayerParams,
} from "../../src/index.js";
import { createAutodiffTrainer, twoLayerLoss } from "../../examples/lib/autodiff-trainer.js";
import { setKernelFamily } from "../../src/kernels/settings.js";
import { blobs, expectClose, fixtureFiles, loadFixture, matrixOf, vectorOf, worstRelError } from "../nn/helpers.js";

const KEYS = ["W1", "b1", "W2", "b2"] as const;

describe("the seed network through the tape equals the hand-written backward", () => {
  const setup = <D extends DType>(dtype: D, act: Activation) => {
    const g = rng(5);
    const { X, y } = blobs(g, 64, 30, 10, dtype);
    const params = initTwoLayer(g, 30, 16, 10, { init: "he", dtype });
    const labels = asLabels(y, X.rows);
    const { loss, cache } = twoLayerForward(twoLayer(params, { activation: act }), X, labels);
    const hand = twoLayerBackward(cache);
    const tape = valueAndGrad(twoLayerLoss<30, 16, 10, D, number>(act))(params, X, labels);
    return { loss, hand, tape };
  };
  it.each(["sigmoid", "relu", "tanh"] as const)(
    "float64 (%s): every gradient element to 1e-12 relative, and the loss",
    (act) => {
      const { loss, hand, tape } = setup("f64", act);
      expect(Math.abs(tape.value - loss) / loss).toBeLessThan(1e-12);
      for (const k of KEYS) expect(worstRelError(tape.grads[k].data, hand[k].data, 0).err, k).toBeLessThan(1e-12);
    },
  );
  // Float32 with the TS kernels on both sides: the tape's float32 sigmoid otherwise runs the fused
  // trainer's wasm kernel (within 2 ulps of the TS loop twoLayerForward uses), and the trainer
  // comparison below is the one for that path.
  it.each(["sigmoid", "relu", "tanh"] as const)("float32 (%s): every gradient element to 1e-6 relative", (act) => {
    const prev = setKernelFamily("js");
    let r;
    try {
      r = setup("f32", act);
    } finally {
      setKernelFamily(prev);
    }
    const { loss, hand, tape } = r;
    expect(Math.abs(tape.value - loss) / loss).toBeLessThan(1e-6);
    // Elements that cancel to under 1e-3 of their array's largest are judged against that scale.
    for (const k of KEYS) expect(worstRelError(tape.grads[k].data, hand[k].data, 1e-3).err, k).toBeLessThan(1e-6);
  });
  it("float32 is bit-for-bit the hand-written backward with either kernel set, except sigmoid under wasm", () => {
    for (const backend of ["js", "auto"] as const) {
      const prev = setKernelFamily(backend);
      try {
        for (const act of backend === "js" ? (["sigmoid", "relu", "tanh"] as const) : (["relu", "tanh"] as const)) {
          const { hand, tape } = setup("f32", act);
          for (const k of KEYS)
            expect(Array.from(tape.grads[k].data), `${backend} ${act} ${k}`).toEqual(Array.from(hand[k].data));
        }
      } finally {
        setKernelFamily(prev);
      }
    }
  });
});

describe.each(fixtureFiles().map((f) => [f.split("/").slice(-2).join("/"), f]))(
  "NumPy fixture %s through the tape",
  (_n, file) => {
    const F = loadFixture(file);
    // The tolerances of test/nn/two-layer.test.ts (see there): float32 cancellation needs the floor.
    it.each([
      ["f64", 1e-9, 0],
      ["f32", 1e-4, 1e-2],
    ] as const)("%s: the loss and dW1, db1, dW2, db2", (dtype, rtol, floor) => {
      const X = matrixOf(F.X, dtype);
      const p = {
        W1: matrixOf(F.W1, dtype),
        b1: vectorOf(F.b1, dtype),
        W2: matrixOf(F.W2, dtype),
        b2: vectorOf(F.b2, dtype),
      };
      const { value, grads } = valueAndGrad(twoLayerLoss<number, number, number, typeof dtype, number>("sigmoid"))(
        p,
        X,
        asLabels(F.labels, X.rows),
      );
      expectClose("loss", [value], [F.forward.loss], rtol, floor);
      expectClose("dW1", grads.W1.data, F.backward.dW1.data, rtol, floor);
      expectClose("db1", grads.b1.data, F.backward.db1.data, rtol, floor);
      expectClose("dW2", grads.W2.data, F.backward.dW2.data, rtol, floor);
      expectClose("db2", grads.b2.data, F.backward.db2.data, rtol, floor);
    });
  },
);

describe("the autodiff trainer against the fused trainer", () => {
  const run = (kind: "tape" | "hand", dtype: DType, act: Activation, steps: number) => {
    const g = rng(11);
    const { X, y } = blobs(g, 300, 20, 5, dtype);
    const params = initTwoLayer(g, 20, 12, 5, { init: "he", dtype });
    const opts = { optimizer: momentum({ lr: 0.05 }) };
    const net = twoLayer(params, { activation: act });
    const t = kind === "tape" ? createAutodiffTrainer(net, 25, opts) : createTrainer(net, 25, opts);
    const idx = new Int32Array(25);
    const losses: number[] = [];
    for (let s = 0; s < steps; s++) {
      g.fillInts(idx, X.rows);
      losses.push(t.stepRows(X, y, idx));
    }
    return { losses, params, grads: t.grads };
  };
  // Float32 differs by the rounding of (p - t)/B: the fused kernel computes (p - 1)·(1/B), nn's
  // backward p·(1/B) - 1/B. A relu unit whose input then rounds across 0 switches paths, and
  // momentum carries that on, so relu's float32 bound is looser (measured 2e-4 over 300 steps).
  it.each([
    ["f32", "sigmoid", 1e-5],
    ["f32", "tanh", 1e-5],
    ["f32", "relu", 1e-3],
    ["f64", "sigmoid", 1e-12],
    ["f64", "relu", 1e-12],
  ] as const)("%s %s: 300 steps give the same losses (to %s relative)", (dtype, act, tol) => {
    const a = run("tape", dtype, act, 300),
      b = run("hand", dtype, act, 300);
    expect(worstRelError(a.losses, b.losses, 0).err).toBeLessThan(tol);
    expect(a.losses[299]).toBeLessThan(a.losses[0]! * 0.5);
    // The last step's gradients too, in float64 (in float32 the runs have drifted apart by then).
    if (dtype === "f64") expect(worstRelError(a.grads.W1.data, b.grads.W1.data, 1e-3).err).toBeLessThan(1e-9);
  });
});

describe("parameter trees", () => {
  const g = rng(2);
  const X = new Matrix<6, 4, "f64">(
    Float64Array.from({ length: 24 }, () => g.normal()),
    6,
    4,
  );
  it("nested records, arrays and tuples: every leaf gets its gradient at its own place", () => {
    const params = {
      layers: [
        { W: zeros(4, 3, "f64"), b: zerosVector(3, "f64") },
        { W: zeros(3, 2, "f64"), b: zerosVector(2, "f64") },
      ] as [{ W: Matrix<4, 3, "f64">; b: Vector<3, "f64"> }, { W: Matrix<3, 2, "f64">; b: Vector<2, "f64"> }],
      pair: [zerosVector(2, "f64"), zeros(2, 2, "f64")] as [Vector<2, "f64">, Matrix<2, 2, "f64">],
    };
    for (const l of params.layers) l.W.data.forEach((_, i, d) => (d[i] = g.normal()));
    const f = (p: typeof params, x: Matrix<6, 4, "f64">) => {
      const h = ad.tanh(ad.add(ad.dot(x, p.layers[0].W), p.layers[0].b));
      const o = ad.add(ad.dot(ad.add(ad.dot(h, p.layers[1].W), p.layers[1].b), p.pair[1]), p.pair[0]);
      return ad.sum(ad.mul(o, o));
    };
    const { grads } = valueAndGrad(f)(params, X);
    expect(Array.isArray(grads.layers) && Array.isArray(grads.pair)).toBe(true);
    expect(grads.layers[0].W.rows).toBe(4);
    expect(grads.pair[0].size).toBe(2);
    // d/db of Σ o² for the last bias: 2 Σ_rows o.
    const h = ad.tanh(ad.add(ad.dot(X, params.layers[0].W), params.layers[0].b));
    const o = ad.add(ad.dot(ad.add(ad.dot(h, params.layers[1].W), params.layers[1].b), params.pair[1]), params.pair[0]);
    const want = ad.mul(ad.sum(o, 0), 2);
    expect(Array.from(grads.pair[0].data)).toEqual(Array.from(want.data));
  });
  it("a bare Matrix as the parameters; data and labels pass through untouched", () => {
    const W = new Matrix<4, 3, "f64">(
      Float64Array.from({ length: 12 }, () => g.normal()),
      4,
      3,
    );
    const y = asLabels([0, 1, 2, 0, 1, 2], 6);
    const before = Array.from(X.data);
    let seen: unknown;
    const f = (w: Matrix<4, 3, "f64">, x: Matrix<6, 4, "f64">, labels: Labels<6>) => {
      seen = labels;
      return ad.softmaxCrossEntropy(ad.dot(x, w), labels).loss;
    };
    const dW = grad(f)(W, X, y);
    expect(dW.rows).toBe(4);
    expect(seen).toBe(y);
    expect(Array.from(X.data)).toEqual(before);
  });
  it("a parameter f does not use has a zero gradient, also on a second call", () => {
    const p = { used: zerosVector(3, "f64"), unused: zerosVector(2, "f64") };
    const vg = valueAndGrad((q: typeof p) => ad.sum(ad.exp(q.used)));
    const first = vg(p);
    first.grads.unused.data.fill(7);
    const second = vg(p);
    expect(second.grads).toBe(first.grads); // the tape's own tree, reused
    expect(Array.from(second.grads.unused.data)).toEqual([0, 0]);
    expect(Array.from(second.grads.used.data)).toEqual([1, 1, 1]);
  });
  it("Dim dims and number dims work at run time like static ones", () => {
    const h = dim("h", 3);
    const p = { b: zerosVector(h, "f64") };
    const { grads } = valueAndGrad((q: typeof p) => ad.sum(ad.mul(q.b, q.b)))(p);
    expect(grads.b.size).toBe(3);
  });
  it("a parameter replaced by one of another shape gets a fresh gradient tree", () => {
    const p: { W: Matrix<number, number, "f64"> } = { W: zeros(2, 2, "f64") as Matrix<number, number, "f64"> };
    const vg = valueAndGrad((q: typeof p) => ad.sum(q.W));
    expect(vg(p).grads.W.rows).toBe(2);
    p.W = zeros(3, 5, "f64");
    expect(vg(p).grads.W.cols).toBe(5);
  });
});

describe("errors", () => {
  const p = { W: full(2, 2, 0.25, "f64") };
  it("f returning a number no traced op produced", () => {
    expect(() => valueAndGrad((q: typeof p) => ad.sum(q.W) * 2)(p)).toThrow(
      /f returned 2, which no traced op produced/,
    );
    expect(() => valueAndGrad((q: typeof p) => ad.sum(q.W) + 1)(p)).toThrow(
      /f returned 2, which no traced op produced/,
    );
    expect(() => valueAndGrad((() => "x") as unknown as (q: typeof p) => number)(p)).toThrow(/f must return a number/);
  });
  it("params that are not a tree of tensors, naming the place", () => {
    const bad = { W: zeros(2, 2, "f64"), lr: 0.1 } as unknown as typeof p;
    expect(() => valueAndGrad((q: typeof p) => ad.sum(q.W))(bad)).toThrow(
      /params\.lr is number, not a Matrix, Vector or tree/,
    );
    expect(() => valueAndGrad((q: typeof p) => ad.sum(q.W))(null as unknown as typeof p)).toThrow(
      /params must be a Matrix/,
    );
  });
  it("one tensor at two places in the tree", () => {
    const W = zeros(2, 2, "f64");
    expect(() => valueAndGrad((q: { a: typeof W; b: typeof W }) => ad.sum(q.a))({ a: W, b: W })).toThrow(
      /appears twice/,
    );
  });
  it("a traced call inside another", () => {
    const inner = valueAndGrad((q: typeof p) => ad.sum(q.W));
    expect(() => valueAndGrad((q: typeof p) => inner(q).value)(p)).toThrow(/nested gradients are not supported/);
  });
});

describe("sgd through grads of the right tree", () => {
  it("a step with the tape's gradients lowers the loss", () => {
    const g = rng(4);
    const { X, y } = blobs(g, 50, 8, 3, "f64");
    const params: TwoLayerParams<8, 6, 3, "f64"> = initTwoLayer(g, 8, 6, 3, { dtype: "f64", init: "he" });
    const vg = valueAndGrad(twoLayerLoss<8, 6, 3, "f64", number>("tanh"));
    const opt = sgd({ lr: 0.5 });
    const labels = asLabels(y, X.rows);
    const first = vg(params, X as Matrix<number, 8, "f64">, labels).value;
    for (let i = 0; i < 20; i++) opt.step(params, vg(params, X as Matrix<number, 8, "f64">, labels).grads);
    expect(vg(params, X as Matrix<number, 8, "f64">, labels).value).toBeLessThan(first);
  });
});
