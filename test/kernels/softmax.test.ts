// Row softmax and the fused softmax + cross-entropy against log-sum-exp references, stable for
// logits of ±1e4, and against NumPy.
import { describe, expect, it } from "vitest";
import { softmaxCrossEntropy, softmaxRows } from "../../src/kernels/softmax.js";
import fixture from "../fixtures/core/numpy.json";
import {
  bufOf,
  DTYPES,
  expectClose,
  fixtureBuf,
  fromBuf,
  gen,
  randomGrid,
  refSoftmaxRow,
  shapes2,
  toBuf,
} from "./reference.js";

describe.each(DTYPES)("softmaxRows (%s)", (dtype) => {
  it("matches exp(x - logsumexp(x)) per row for every shape over SIZES", () => {
    for (const [r, c] of shapes2()) {
      const a = randomGrid(gen(r * 31 + c), r, c, dtype, 3);
      const out = bufOf(dtype, r * c);
      expect(softmaxRows(out, toBuf(a, dtype, c), r, c)).toBe(out);
      expectClose(out, a.flatMap(refSoftmaxRow), dtype);
    }
  });

  it("is stable for logits of ±1e4 (no NaN, no Infinity, rows sum to 1)", () => {
    const a = [
      [1e4, -1e4, 0],
      [-1e4, -1e4, -1e4 + 1],
      [1e4, 1e4, 1e4],
    ];
    const out = softmaxRows(bufOf(dtype, 9), toBuf(a, dtype), 3, 3);
    expect(out.every(Number.isFinite)).toBe(true);
    expectClose(out, a.flatMap(refSoftmaxRow), dtype);
    for (const row of fromBuf(out, 3, 3)) expect(Math.abs(row.reduce((s, x) => s + x, 0) - 1)).toBeLessThan(1e-6);
  });

  it("works in place", () => {
    const a = randomGrid(gen(9), 7, 13, dtype);
    const buf = toBuf(a, dtype);
    softmaxRows(buf, buf, 7, 13);
    expectClose(buf, a.flatMap(refSoftmaxRow), dtype);
  });
});

describe("softmaxRows against NumPy", () => {
  it("matches NumPy's stable softmax, including rows of ±1e4", () => {
    const logits = fixtureBuf(fixture.ops.logits);
    expectClose(softmaxRows(bufOf("f64", 24), logits, 4, 6), fixtureBuf(fixture.ops.softmax), "f64");
  });
});

describe.each(DTYPES)("softmaxCrossEntropy (%s)", (dtype) => {
  it("gives the mean -log p[label], the probabilities and (p - onehot) / B", () => {
    for (const [r, c] of shapes2()) {
      const g = gen(r * 7 + c);
      const a = randomGrid(g, r, c, dtype, 3);
      a[0]![0] = 1e4; // one extreme logit: log of a rounded-to-zero probability would be -Infinity
      const labels = Array.from({ length: r }, () => g.int(c));
      const probs = bufOf(dtype, r * c),
        dLogits = bufOf(dtype, r * c);
      const loss = softmaxCrossEntropy(probs, dLogits, toBuf(a, dtype, c), labels, null, r, c);
      const p = a.map(refSoftmaxRow);
      const lse = (row: number[]) =>
        Math.max(...row) + Math.log(row.reduce((s, x) => s + Math.exp(x - Math.max(...row)), 0));
      const refLoss = a.reduce((s, row, i) => s + lse(row) - row[labels[i]!]!, 0) / r;
      expect(Number.isFinite(loss)).toBe(true);
      // float32's exps run in SIMD float32 under the wasm kernels: the loss then has float32's
      // precision (a float64 loop's before).
      expectClose([loss], [refLoss], dtype, [
        a.reduce((s, row) => s + Math.abs(lse(row)) + Math.max(...row.map(Math.abs)), 0) / r,
      ]);
      expectClose(probs, p.flat(), dtype);
      expectClose(
        dLogits,
        p.flatMap((row, i) => row.map((x, j) => (j === labels[i] ? x - 1 : x) / r)),
        dtype,
        Array(r * c).fill(1 / r),
      );
    }
  });

  it("skips the gradient when dLogits is null", () => {
    const probs = bufOf("f64", 3);
    expect(softmaxCrossEntropy(probs, null, toBuf([[0, 0, 0]], "f64"), [1], null, 1, 3)).toBeCloseTo(Math.log(3), 14);
    expectClose(probs, [1 / 3, 1 / 3, 1 / 3], "f64");
  });

  it("one-hot target rows give the index path's loss, probabilities and gradient, bit for bit", () => {
    const r = 5,
      c = 7,
      g = gen(77);
    const z = toBuf(randomGrid(g, r, c, dtype, 3), dtype);
    const labels = Array.from({ length: r }, () => g.int(c));
    const t = bufOf(dtype, r * c, 0);
    labels.forEach((l, i) => (t[i * c + l] = 1));
    const p1 = bufOf(dtype, r * c),
      d1 = bufOf(dtype, r * c),
      p2 = bufOf(dtype, r * c),
      d2 = bufOf(dtype, r * c);
    const l1 = softmaxCrossEntropy(p1, d1, z, labels, null, r, c);
    const l2 = softmaxCrossEntropy(p2, d2, z, null, t, r, c);
    expect(l2).toBe(l1);
    expect(p2).toEqual(p1);
    expect(d2).toEqual(d1);
  });

  it("soft targets give Σ t·(lse - z) / B and (p - t) / B; a -Infinity logit under t = 0 adds 0", () => {
    const z = toBuf(
      [
        [1, 2, -Infinity],
        [0, 0, 3],
      ],
      dtype,
    );
    const t = toBuf(
      [
        [0.25, 0.75, 0],
        [0.5, 0, 0.5],
      ],
      dtype,
    );
    const probs = bufOf(dtype, 6),
      d = bufOf(dtype, 6);
    const loss = softmaxCrossEntropy(probs, d, z, null, t, 2, 3);
    const zs = [
        [1, 2, -Infinity],
        [0, 0, 3],
      ],
      ts = [
        [0.25, 0.75, 0],
        [0.5, 0, 0.5],
      ];
    const lse = zs.map((row) => Math.log(row.reduce((s, x) => s + Math.exp(x), 0)));
    const want =
      zs.reduce((s, row, i) => s + row.reduce((a, x, j) => a + (ts[i]![j] ? ts[i]![j]! * (lse[i]! - x) : 0), 0), 0) / 2;
    expectClose([loss], [want], dtype);
    const p = zs.flatMap((row, i) => row.map((x) => Math.exp(x - lse[i]!)));
    expectClose(probs, p, dtype);
    expectClose(
      d,
      p.map((v, k) => (v - ts[Math.floor(k / 3)]![k % 3]!) / 2),
      dtype,
    );
  });
});

describe("float64 keeps the row loop's bits", () => {
  // The oracle: the plain row loop (max, e^(z - max) in float64, sum in order, scale), which the
  // kernel's batched passes replaced; float64 must not move by a bit (NumPy's fixtures match it).
  function rowLoop(z: Float64Array, labels: number[] | null, t: Float64Array | null, r: number, c: number) {
    const p = new Float64Array(r * c),
      d = new Float64Array(r * c);
    let loss = 0;
    for (let i = 0; i < r; i++) {
      const o = i * c;
      const m = Math.max(...z.subarray(o, o + c));
      let s = 0;
      for (let j = 0; j < c; j++) s += p[o + j] = Math.exp(z[o + j]! - m);
      const lse = m + Math.log(s);
      if (t) for (let j = 0; j < c; j++) loss += t[o + j] !== 0 ? t[o + j]! * (lse - z[o + j]!) : 0;
      else loss += lse - z[o + labels![i]!]!;
      for (let j = 0; j < c; j++) {
        p[o + j] = p[o + j]! * (1 / s);
        d[o + j] = (t ? p[o + j]! - t[o + j]! : j === labels![i] ? p[o + j]! - 1 : p[o + j]!) * (1 / r);
      }
    }
    return { loss: loss * (1 / r), p, d };
  }

  it("for labels, soft targets and softmaxRows, with logits of ±1e4 and -Infinity", () => {
    const g = gen(11);
    for (let k = 0; k < 60; k++) {
      const r = 1 + g.int(12),
        c = 1 + g.int(11);
      const z = new Float64Array(r * c).map(() => (g.next() - 0.5) * (k % 3 === 0 ? 2e4 : 20));
      if (k % 4 === 0) z[g.int(r * c)] = -Infinity;
      const labels = Array.from({ length: r }, () => g.int(c));
      const t = new Float64Array(r * c);
      for (let i = 0; i < r; i++) {
        t[i * c + g.int(c)] += 0.25;
        t[i * c + g.int(c)] += 0.75;
      }
      for (const [ls, ts] of [
        [labels, null],
        [null, t],
      ] as const) {
        const want = rowLoop(z, ls, ts, r, c);
        const p = new Float64Array(r * c),
          d = new Float64Array(r * c);
        const loss = softmaxCrossEntropy(p, d, z, ls, ts, r, c);
        expect(Object.is(loss, want.loss), `loss, case ${k}`).toBe(true);
        expect(p, `probabilities, case ${k}`).toEqual(want.p);
        expect(d, `gradient, case ${k}`).toEqual(want.d);
      }
      expect(softmaxRows(new Float64Array(r * c), z, r, c)).toEqual(rowLoop(z, labels, null, r, c).p);
    }
  });
});
