import { describe, expect, it } from "vitest";
import { initStd, rng } from "../../src/index.js";
import { initDenseParams } from "../../src/nn/init.js";

const sd = (a: ArrayLike<number>) => Math.sqrt(Array.from(a).reduce((s, x) => s + x * x, 0) / a.length);

describe("initStd", () => {
  it("gives the seed's std, He's sqrt(2/fanIn) and Xavier's sqrt(2/(fanIn+fanOut))", () => {
    expect(initStd("normal", 784, 50)).toBe(0.01);
    expect(initStd("normal", 784, 50, 0.5)).toBe(0.5);
    expect(initStd("he", 784, 128)).toBe(Math.sqrt(2 / 784));
    expect(initStd("xavier", 784, 128)).toBe(Math.sqrt(2 / (784 + 128)));
  });
  it.each([
    [() => initStd("normal", 1, 1, -1), "init: std must be a finite number >= 0, got -1"],
    [() => initStd("he", 0, 1), "init: fan-in and fan-out must be positive, got 0 and 1"],
    [() => initStd("lecun" as never, 1, 1), 'init: init must be "normal", "he" or "xavier", got lecun'],
  ])("refuses %#", (f, msg) => {
    expect(f).toThrow(msg);
  });
});

describe("initDenseParams", () => {
  it.each([
    ["normal", 0.01],
    ["he", Math.sqrt(2 / 400)],
    ["xavier", Math.sqrt(2 / 600)],
  ] as const)("draws %s weights with the stated spread and a zero bias", (init, want) => {
    const { W, b } = initDenseParams(rng(5), 400, 200, { init, dtype: "f64" });
    expect([W.rows, W.cols, b.size, W.dtype]).toEqual([400, 200, 200, "f64"]);
    expect(Math.abs(sd(W.data) / want - 1)).toBeLessThan(0.01);
    expect(b.data.every((x) => x === 0)).toBe(true);
  });
  it("is reproducible from the seed", () => {
    expect(initDenseParams(rng(9), 5, 4).W.data).toEqual(initDenseParams(rng(9), 5, 4).W.data);
  });
  it("refuses a std together with He or Xavier, and a bad dtype", () => {
    expect(() => initDenseParams(rng(0), 2, 2, { init: "he", std: 0.1 })).toThrow(
      'init: std applies to init "normal" only; "he" sets its own scale',
    );
    expect(() => initDenseParams(rng(0), 2, 2, { dtype: "f16" as never })).toThrow(
      'init: dtype must be "f32" or "f64", got f16',
    );
  });
});
