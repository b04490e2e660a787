import { describe, expect, it } from "vitest";
import { initMLP, initTwoLayer, paramEntries, rng, zeros, zerosLike, zerosVector } from "../../src/index.js";
import { forEachPair, mapTree } from "../../src/nn/params.js";

describe("paramEntries", () => {
  it("lists leaves with dotted paths, records and tuples alike", () => {
    const p = initTwoLayer(rng(0), 3, 2, 2);
    expect(paramEntries(p).map(([k]) => k)).toEqual(["W1", "b1", "W2", "b2"]);
    const nested = { net: initMLP(rng(0), [3, 4, 2] as const), scale: zerosVector(1) };
    expect(paramEntries(nested).map(([k]) => k)).toEqual(["net.0.W", "net.0.b", "net.1.W", "net.1.b", "scale"]);
  });
  it("refuses a leaf that is not a tensor, naming it", () => {
    expect(() => paramEntries({ W: zeros(1, 1), lr: 0.1 })).toThrow(
      "params: lr is number, not a Matrix, Vector or record of them",
    );
  });
});

describe("zerosLike and mapTree", () => {
  it("build fresh zero tensors of the same shapes, keeping tuples as arrays", () => {
    const layers = initMLP(rng(1), [3, 4, 2] as const, { std: 1 });
    const g = zerosLike(layers);
    expect(Array.isArray(g)).toBe(true);
    expect(g[0].W.data).not.toBe(layers[0].W.data);
    expect([g[0].W.rows, g[0].W.cols, g[1].b.size]).toEqual([3, 4, 2]);
    expect(g[0].W.data.every((x) => x === 0)).toBe(true);
    expect(mapTree({ a: zeros(1, 2) }, (leaf, path) => (path === "a" ? zeros(2, 1) : leaf))).toMatchObject({
      a: { rows: 2, cols: 1 },
    });
  });
});

describe("forEachPair", () => {
  it("visits matching leaves in order", () => {
    const p = initTwoLayer(rng(0), 3, 2, 2);
    const seen: number[] = [];
    forEachPair("t", p, zerosLike(p), (a, b) => seen.push(a.data.length, b.data.length));
    expect(seen).toEqual([6, 6, 2, 2, 4, 4, 2, 2]);
  });
  it.each([
    [{ W1: zeros(2, 3) }, "t: W1: parameter is [3, 2] f32 but its gradient is [2, 3] f32"],
    [{ W1: zeros(3, 2, "f64") }, "t: W1: parameter is [3, 2] f32 but its gradient is [3, 2] f64"],
    [{}, "t: W1: parameter is [3, 2] f32 but its gradient is missing"],
  ])("names the first mismatch %#", (bad, msg) => {
    const p = initTwoLayer(rng(0), 3, 2, 2);
    expect(() => forEachPair("t", p, { ...zerosLike(p), W1: undefined, ...bad }, () => {})).toThrow(msg);
  });
  it("names a mismatch inside a tuple", () => {
    const layers = initMLP(rng(0), [3, 4, 2] as const);
    const g = zerosLike(layers) as unknown as { b: unknown }[];
    g[1]!.b = zerosVector(3);
    expect(() => forEachPair("sgd", layers, g, () => {})).toThrow(
      "sgd: 1.b: parameter is [2] f32 but its gradient is [3] f32",
    );
  });
});
