// dot against the reference product for matrix·matrix in all four transpose layouts and
// matrix·vector, over seeded shapes built from 1, 2, 7, 13, 33, in both dtypes; its ShapeErrors
// by exact text; `out` checked and never allowed to share memory with an operand.
import { describe, expect, it } from "vitest";
import { dot, dotBackward } from "../../src/ops/dot.js";
import {
  fromArray,
  fromTypedArray,
  vectorFromArray,
  vectorFromTypedArray,
  zeros,
  zerosVector,
} from "../../src/ops/create.js";
import { reshape, toColumn } from "../../src/ops/reshape.js";
import { Column, Matrix, Vector } from "../../src/shape/tensor.js";
import type { DType } from "../../src/shape/dtype.js";
import { expectShapeError, expectThrows } from "./expect-error.js";
import { dotBackwardInto } from "../../src/ops/dot.js";
import { allocate } from "../../src/shape/dtype.js";
import { rng } from "../../src/random/rng.js";
import { checkBackward, randColumn, randMatrix, randVector, type T } from "./backward-oracle.js";
import {
  DTYPES,
  expectClose,
  flat,
  gen,
  randomGrid,
  refMatmul,
  refTranspose,
  SIZES,
  toBuf,
} from "../kernels/reference.js";

function matrix(grid: number[][], rows: number, cols: number, dtype: DType): Matrix<number, number, DType> {
  return fromTypedArray(toBuf(grid, dtype, cols), rows, cols);
}

describe.each(DTYPES)("dot (%s)", (dtype) => {
  it("matches the reference in all four transpose layouts, every shape over SIZES", () => {
    let seed = 1;
    for (const m of SIZES)
      for (const k of SIZES)
        for (const n of SIZES) {
          const g = gen(seed++);
          const a = randomGrid(g, m, k, dtype),
            b = randomGrid(g, k, n, dtype);
          const ref = refMatmul(a, b, n);
          const A = matrix(a, m, k, dtype),
            B = matrix(b, k, n, dtype);
          // The transposed operands are stored transposed and read through the lazy `.T` view.
          const At = matrix(refTranspose(a, k), k, m, dtype),
            Bt = matrix(refTranspose(b, n), n, k, dtype);
          for (const r of [dot(A, B), dot(At.T, B), dot(A, Bt.T), dot(At.T, Bt.T)]) {
            expect([r.rows, r.cols, r.dtype]).toEqual([m, n, dtype]);
            expectClose(r.data, flat(ref.value), dtype, flat(ref.scale));
          }
        }
  });

  it("multiplies a matrix or a transposed view by a vector", () => {
    for (const m of SIZES)
      for (const k of SIZES) {
        const g = gen(100 * m + k);
        const a = randomGrid(g, m, k, dtype),
          x = randomGrid(g, k, 1, dtype);
        const ref = refMatmul(a, x, 1);
        const v = vectorFromTypedArray(toBuf(x, dtype, 1), k);
        const r = dot(matrix(a, m, k, dtype), v);
        expect(r).toBeInstanceOf(Vector);
        expect([r.size, r.dtype]).toEqual([m, dtype]);
        expectClose(r.data, flat(ref.value), dtype, flat(ref.scale));
        const rt = dot(matrix(refTranspose(a, k), k, m, dtype).T, v);
        expectClose(rt.data, flat(ref.value), dtype, flat(ref.scale));
      }
  });

  it("multiplies a vector by a matrix or a transposed view (v·M), and a matrix by a column", () => {
    for (const k of SIZES)
      for (const n of SIZES) {
        const g = gen(300 * k + n);
        const x = randomGrid(g, 1, k, dtype),
          b = randomGrid(g, k, n, dtype);
        const ref = refMatmul(x, b, n); // a 1×k row times k×n
        const v: Vector<number, DType> = vectorFromTypedArray(toBuf(x, dtype, k), k);
        const r = dot(v, matrix(b, k, n, dtype));
        expect(r).toBeInstanceOf(Vector);
        expect([r.size, r.dtype]).toEqual([n, dtype]);
        expectClose(r.data, flat(ref.value), dtype, flat(ref.scale));
        const rt = dot(v, matrix(refTranspose(b, n), n, k, dtype).T);
        expectClose(rt.data, flat(ref.value), dtype, flat(ref.scale));
        // M·c for a column c is a column (one value per row of M).
        const z = randomGrid(g, k, 1, dtype),
          bt = refTranspose(b, n); // bt is n×k
        const refC = refMatmul(bt, z, 1);
        const mc = dot(matrix(bt, n, k, dtype), toColumn(vectorFromTypedArray(toBuf(z, dtype, 1), k)));
        expect(mc).toBeInstanceOf(Column);
        expect(mc.size).toBe(n);
        expectClose(mc.data, flat(refC.value), dtype, flat(refC.scale));
      }
  });

  it("gives the inner product of two vectors as a number", () => {
    for (const k of SIZES) {
      const g = gen(900 + k);
      const x = randomGrid(g, 1, k, dtype),
        y = randomGrid(g, k, 1, dtype);
      const ref = refMatmul(x, y, 1);
      const u = vectorFromTypedArray(toBuf(x, dtype, k), k),
        v = vectorFromTypedArray(toBuf(y, dtype, 1), k);
      const ip = dot(u, v);
      expect(typeof ip).toBe("number");
      expectClose([ip], flat(ref.value), dtype, flat(ref.scale));
      expectClose([dot(u, toColumn(v))], flat(ref.value), dtype, flat(ref.scale));
    }
    expect(dot(vectorFromArray([], dtype), vectorFromArray([], dtype))).toBe(0);
  });

  it("writes into `out` and returns it", () => {
    const a = fromArray(
        [
          [1, 2],
          [3, 4],
        ],
        dtype,
      ),
      b = fromArray(
        [
          [5, 6],
          [7, 8],
        ],
        dtype,
      );
    const out = zeros(2, 2, dtype);
    expect(dot(a, b, out)).toBe(out);
    expect(out.toArray()).toEqual([
      [19, 22],
      [43, 50],
    ]);
    const vo = zerosVector(2, dtype);
    expect(dot(a, vectorFromArray([1, 1], dtype), vo)).toBe(vo);
    expect(vo.toArray()).toEqual([3, 7]);
  });
});

describe("dot's run-time checks", () => {
  const X = zeros(100, 784),
    W2 = zeros(50, 10);
  // Dynamic dims can lie: these calls are refused by the types too, so the casts stand in for
  // dims that were `number` at compile time.
  const any = (x: unknown) => x as Matrix<number, number>;

  it("names both shapes when the inner dims differ", () => {
    expectShapeError(() => dot(any(X), any(W2)), "dot: [100, 784] x [50, 10]: a.cols (784) must equal b.rows (50)");
    expectShapeError(
      () => dot(any(X).T, any(W2)),
      "dot: [784, 100] (transposed view) x [50, 10]: a.cols (100) must equal b.rows (50)",
    );
    expectShapeError(
      () => dot(any(X), any(W2).T),
      "dot: [100, 784] x [10, 50] (transposed view): a.cols (784) must equal b.rows (10)",
    );
    expectShapeError(
      () => dot(any(X), zerosVector(50) as Vector<number>),
      "dot: [100, 784] x [50]: a.cols (784) must equal b.size (50)",
    );
  });

  it("names both shapes for vector·matrix and the inner product", () => {
    const v = zerosVector(784) as Vector<number>;
    expectShapeError(() => dot(v, any(W2)), "dot: [784] x [50, 10]: a.size (784) must equal b.rows (50)");
    expectShapeError(
      () => dot(v, any(W2).T),
      "dot: [784] x [10, 50] (transposed view): a.size (784) must equal b.rows (10)",
    );
    expectShapeError(
      () => dot(v, zerosVector(50) as Vector<number>),
      "dot: [784] x [50]: a.size (784) must equal b.size (50)",
    );
    expectShapeError(
      () => dot(v, v, zerosVector(1) as never),
      "dot: the inner product of two vectors is a number: it takes no `out`",
    );
    expectShapeError(
      () => dot(zerosVector(3), zeros(3, 2), zerosVector(3) as never),
      "dot: out is [3] but the result is [2]",
    );
    expectShapeError(
      () => dot(any(X), toColumn(zerosVector(50)) as never),
      "dot: [100, 784] x [50] (column): a.cols (784) must equal b.size (50)",
    );
  });

  it("refuses mixed dtypes and a wrong `out`", () => {
    const a = zeros(2, 3),
      b = zeros(3, 4);
    expectShapeError(
      () => dot(a, zeros(3, 4, "f64") as never),
      "dot: dtype f32 and f64 do not mix; convert one with astype()",
    );
    expectShapeError(() => dot(a, b, zeros(4, 2) as never), "dot: out is [4, 2] but the result is [2, 4]");
    expectShapeError(() => dot(a, b, zeros(2, 4, "f64") as never), "dot: out is f64 but the result is f32");
    expectShapeError(() => dot(a, zerosVector(3), zerosVector(3) as never), "dot: out is [3] but the result is [2]");
    expectShapeError(() => dot(a, b, zerosVector(8) as never), "dot: out must be a Matrix, got [8]");
  });

  it("refuses an `out` that shares memory with an operand (out === a, b, or a view of them)", () => {
    const a = fromArray([
        [1, 2],
        [3, 4],
      ]),
      b = fromArray([
        [5, 6],
        [7, 8],
      ]);
    expectShapeError(() => dot(a, b, a), "dot: out must not share memory with an input");
    expectShapeError(() => dot(a, b, b), "dot: out must not share memory with an input");
    expectShapeError(() => dot(a.T, b, a), "dot: out must not share memory with an input");
    expectShapeError(() => dot(a, b.T, reshape(b, 2, 2)), "dot: out must not share memory with an input");
    const v = vectorFromArray([1, 1]);
    expectShapeError(() => dot(a, v, v), "dot: out must not share memory with an input");
    // Separate regions of one buffer are fine.
    const buf = new Float32Array(8);
    buf.set([1, 2, 3, 4]);
    const left = new Matrix(buf.subarray(0, 4), 2, 2),
      right = new Matrix(buf.subarray(4), 2, 2);
    expect(dot(left, left, right).toArray()).toEqual([
      [7, 10],
      [15, 22],
    ]);
  });

  it("refuses operands that are not tensors", () => {
    expectThrows(
      () => dot(3 as never, zeros(1, 1)),
      TypeError,
      "dot: a must be a Matrix, a transposed view or a Vector",
    );
    expectThrows(
      () => dot(zeros(1, 1), [[1]] as never),
      TypeError,
      "dot: b must be a Matrix, a transposed view, a Vector or a Column",
    );
    expectThrows(
      () => dot(toColumn(zerosVector(1)) as never, zeros(1, 1)),
      TypeError,
      "dot: a must be a Matrix, a transposed view or a Vector",
    );
  });
});

describe("dotBackward", () => {
  it.each(DTYPES)("returns dA = dOut·bᵀ and dB = aᵀ·dOut (%s)", (dtype) => {
    const g = gen(77);
    const a = randomGrid(g, 7, 13, dtype),
      b = randomGrid(g, 13, 5, dtype),
      d = randomGrid(g, 7, 5, dtype);
    const { dA, dB } = dotBackward(matrix(d, 7, 5, dtype), matrix(a, 7, 13, dtype), matrix(b, 13, 5, dtype));
    const refA = refMatmul(d, refTranspose(b, 5)),
      refB = refMatmul(refTranspose(a, 13), d);
    expect([dA.rows, dA.cols, dB.rows, dB.cols]).toEqual([7, 13, 13, 5]);
    expectClose(dA.data, flat(refA.value), dtype, flat(refA.scale));
    expectClose(dB.data, flat(refB.value), dtype, flat(refB.scale));
  });

  it("checks the shapes", () => {
    const any = (x: unknown) => x as Matrix<number, number>;
    expectShapeError(
      () => dotBackward(any(zeros(2, 4)), any(zeros(2, 3)), any(zeros(5, 4))),
      "dotBackward: [2, 3] x [5, 4]: a.cols (3) must equal b.rows (5)",
    );
    expectShapeError(
      () => dotBackward(any(zeros(2, 5)), any(zeros(2, 3)), any(zeros(3, 4))),
      "dotBackward: dOut is [2, 5] but a·b is [2, 4]",
    );
  });
});

describe("dotBackwardInto, every form, against finite differences (f64) and f64 (f32)", () => {
  const g = rng(61);
  const like = (t: T): T =>
    t.kind === "matrix"
      ? new Matrix(allocate(t.dtype, t.data.length), t.rows, t.cols)
      : t.kind === "column"
        ? new Column(allocate(t.dtype, t.size), t.size)
        : new Vector(allocate(t.dtype, t.size), t.size);
  // [form, a's storage, b's storage, a used as a view aᵀ, b used as bᵀ]
  const forms: [string, T, T, boolean, boolean][] = [
    ["M·M", randMatrix(g, 3, 4), randMatrix(g, 4, 2), false, false],
    ["Mᵀ·M", randMatrix(g, 4, 3), randMatrix(g, 4, 2), true, false],
    ["M·Mᵀ", randMatrix(g, 3, 4), randMatrix(g, 2, 4), false, true],
    ["Mᵀ·Mᵀ", randMatrix(g, 4, 3), randMatrix(g, 2, 4), true, true],
    ["M·v", randMatrix(g, 3, 4), randVector(g, 4), false, false],
    ["Mᵀ·v", randMatrix(g, 4, 3), randVector(g, 4), true, false],
    ["M·column", randMatrix(g, 3, 4), randColumn(g, 4), false, false],
    ["Mᵀ·column", randMatrix(g, 4, 3), randColumn(g, 4), true, false],
    ["v·M", randVector(g, 4), randMatrix(g, 4, 3), false, false],
    ["v·Mᵀ", randVector(g, 4), randMatrix(g, 3, 4), false, true],
    ["u·v", randVector(g, 5), randVector(g, 5), false, false],
    ["u·column", randVector(g, 5), randColumn(g, 5), false, false],
  ];
  const view = (t: T, tr: boolean) => (tr ? (t as Matrix<number, number, DType>).T : t);
  it.each(forms)("%s", (_name, a, b, ta, tb) => {
    checkBackward(
      [a, b],
      [0, 1],
      ([x, y]) => dot(view(x!, ta) as never, view(y!, tb) as never),
      (G, [x, y]) => {
        const dA = like(x!),
          dB = like(y!);
        dotBackwardInto(G, view(x!, ta) as never, view(y!, tb) as never, dA as never, dB);
        return [dA, dB];
      },
    );
  });
  it("checks dOut against the form", () => {
    const u = vectorFromArray([1, 2]);
    expectShapeError(
      () => dotBackwardInto(zerosVector(2), u, u, null, null),
      "dotBackward: dOut is [2] but [2] x [2] is a number",
    );
    expectShapeError(
      () => dotBackwardInto(zerosVector(2), zeros(2, 3), toColumn(zerosVector(3)), null, null),
      "dotBackward: dOut is [2] but [2, 3] x [3] (column) is [2] (column)",
    );
    expectShapeError(
      () => dotBackwardInto(zerosVector(2), u, zeros(2, 3), null, null),
      "dotBackward: dOut is [2] but [2] x [2, 3] is [3]",
    );
  });
});
