// dot's types: the product's dims come from the operands, the inner dims must be equal (NoInfer
// on the second operand stops TypeScript from inferring `K = 784 | 50`), transposed views are
// products' operands, and `number` dims compile and are checked at run time instead.
import { expectError, expectType } from "tsd";
import {
  dim,
  dot,
  dotBackward,
  mul,
  sub,
  toColumn,
  zeros,
  zerosVector,
  type Column,
  type Dim,
  type DotOperand,
  type DotResult,
  type Matrix,
  type Transposed,
  type Vector,
} from "../..";

declare const X: Matrix<100, 784>;
declare const W1: Matrix<784, 50>;
declare const W2: Matrix<50, 10>;
declare const dY: Matrix<100, 10>;
declare const x: Vector<784>;
declare const X64: Matrix<100, 784, "f64">;
declare const W64: Matrix<784, 50, "f64">;

// Result types: matrix·matrix, matrix·vector, and every transpose combination.
expectType<Matrix<100, 50, "f32">>(dot(X, W1));
expectType<Matrix<100, 50, "f32">>(dot(zeros(100, 784), zeros(784, 50)));
expectType<Vector<50, "f32">>(dot(W1.T, x));
expectType<Vector<100, "f32">>(dot(X, x));
expectType<Matrix<50, 10, "f32">>(dot(dot(X, W1).T, dY)); // dW2 = hᵀ·dY
expectType<Matrix<100, 50, "f32">>(dot(dY, W2.T)); // dh = dY·W2ᵀ
expectType<Matrix<10, 100, "f32">>(dot(W2.T, dot(X, W1).T)); // (h·W2)ᵀ = W2ᵀ·hᵀ
expectType<Matrix<784, 10, "f32">>(dot(X.T, dY));
expectType<Matrix<100, 50, "f64">>(dot(X64, W64));
expectType<Transposed<50, 784, "f32">>(W1.T);
expectType<Matrix<784, 50, "f32">>(W1.T.T);
expectType<Matrix<100, 50, "f32">>(dot(X, W1, zeros(100, 50)));
expectType<Vector<100, "f32">>(dot(X, x, zerosVector(100)));
expectType<Vector<3, "f64">>({} as DotResult<3, Vector<7, "f64">, "f64">);

// Vector·matrix and the inner product; a column operand gives a column.
declare const c784: Column<784>;
expectType<Vector<50, "f32">>(dot(x, W1)); // v·W
expectType<Vector<50, "f32">>(dot(x, W1, zerosVector(50)));
expectType<Vector<784, "f32">>(dot(zerosVector(50), W1.T)); // v·Wᵀ
expectType<number>(dot(x, x)); // the inner product
expectType<number>(dot(x, c784));
expectType<Column<100, "f32">>(dot(X, c784)); // M·c is a column, one value per row
expectType<Vector<784, "f32">>(dot({} as Vector<number>, W1.T)); // a dynamic inner dim accepts any b
expectType<number>(dot({} as Vector<number>, x));

// A refused product has `any` dims (when b is refused, B is the whole operand union), so the
// lines that use it raise no second error; test/diagnostics pins the single diagnostic.
const refused = {} as DotResult<100, DotOperand<784, "f32">, "f32">;
expectType<Matrix<any, any, "f32">>(refused);
expectType<Vector<any, "f32">>({} as DotResult<100, DotOperand<784, "f32">, "f32", "vector">);
expectType<Matrix<784, 50, "f32">>(sub(W1, mul(refused, 0.1))); // the update compiles: one mistake, one error

// The `number` (dynamic) case compiles: it is checked at run time only.
declare const n: number;
declare const Xn: Matrix<number, 784>;
declare const Wn: Matrix<number, number>;
expectType<Matrix<number, 50, "f32">>(dot(Xn, W1));
expectType<Matrix<number, 50, "f32">>(dot(zeros(n, 784), W1));
expectType<Matrix<100, number, "f32">>(dot(X, zeros(784, n)));
expectType<Matrix<number, number, "f32">>(dot(Wn, Wn));
expectType<Matrix<number, 50, "f32">>(dot(Wn, W1)); // a's dynamic inner dim accepts any b
expectType<Vector<number, "f32">>(dot(Wn, x));

// A symbolic dim flows through by name.
const batch = dim("batch", 100);
declare const Xb: Matrix<Dim<"batch">, 784>;
expectType<Matrix<Dim<"batch">, 50, "f32">>(dot(Xb, W1));
expectType<Matrix<Dim<"batch">, 50, "f32">>(dot(zeros(batch, 784), W1));
expectType<Matrix<784, 50, "f32">>(dot(Xb.T, dot(Xb, W1)));
declare const Wh: Matrix<784, Dim<"hidden">>;
declare const Wt: Matrix<Dim<"hidden">, 10>;
declare const Wu: Matrix<Dim<"units">, 10>;
expectType<Matrix<100, 10, "f32">>(dot(dot(X, Wh), Wt));

// Negative cases, one per line.
expectError(dot(X, W2)); // inner-dim mismatch: 784 vs 50
expectError(dot(zeros(100, 784), zeros(50, 10))); // the same with literals from zeros
expectError(dot(dY, W2)); // missing transpose: dY·W2 needs W2ᵀ (10 vs 50)
expectError(dot(X, dY)); // missing transpose: dW1-like Xᵀ·dY written as X·dY (784 vs 100)
expectError(dot(X, W1.T)); // extra transpose: X·W1ᵀ is 784 vs 50
expectError(dot(X.T, W1)); // extra transpose on a: Xᵀ is 784×100
expectError(dot(X, x.size)); // a number is not an operand
expectError(dot(W1, x)); // matrix·vector inner mismatch: 50 vs 784
expectError(dot(X64, W1)); // f64 · f32
expectError(dot(X, W64)); // f32 · f64
expectError(dot(dot(X, Wh), Wu)); // symbolic label mismatch: Dim<"hidden"> vs Dim<"units">
expectError(dot(Xb, zeros(batch, 784))); // Dim<"batch"> is not 784
expectError(dot(X, W1, zeros(50, 100))); // wrong `out` shape
expectError(dot(X, W1, zeros(100, 50, "f64"))); // wrong `out` dtype
expectError(dot(X, x, zerosVector(784))); // wrong `out` size for matrix·vector
expectError(dot(X, W1, zerosVector(50))); // a vector `out` for a matrix result
expectError(dot(X, Wn)); // a static inner dim needs a checked b: assertShape(Wn, 784, C) first
expectError(dot(x, W2)); // vector·matrix inner mismatch: 784 vs 50
expectError(dot(x, zerosVector(50))); // inner product of vectors of different sizes
expectError(dot(x, W1.T)); // v·W1ᵀ needs a vector of 50
expectError(dot(x, W1, zerosVector(784))); // wrong `out` size for vector·matrix: the result is Vector<50>
expectError(dot(toColumn(x), W1)); // a column is not a left operand (it is a 784×1 matrix: use asColumn)
expectError(dot(X, toColumn(zerosVector(50)))); // matrix·column inner mismatch: 784 vs 50

// dotBackward: dA and dB have their operands' shapes.
expectType<{ dA: Matrix<100, 784, "f32">; dB: Matrix<784, 50, "f32"> }>(dotBackward(dot(X, W1), X, W1));
expectError(dotBackward(dY, X, W1)); // dOut's cols must be b's: 10 vs 50
expectError(dotBackward(zeros(99, 50), X, W1)); // dOut's rows must be a's: 99 vs 100
expectError(dotBackward(dot(X, W1), X, zeros(50, 50))); // inner-dim mismatch alone: 784 vs 50
expectError(dotBackward(dot(X, W1), X, W64)); // f32 vs f64
