// add, sub, mul, div share one `Elementwise` type: equal shapes, a scalar, a row vector of the
// matrix's column count (the bias add) or a column vector of its row count; nothing else
// broadcasts. rsub, rdiv and neg keep the operand's type.
import { expectError, expectType } from "tsd";
import {
  add,
  sub,
  mul,
  div,
  rsub,
  rdiv,
  neg,
  dim,
  zeros,
  zerosVector,
  sum,
  max,
  toColumn,
  toRow,
  type Column,
  type Dim,
  type Elementwise,
  type Matrix,
  type Vector,
} from "../..";

declare const h: Matrix<100, 50>;
declare const h2: Matrix<100, 50>;
declare const hT: Matrix<50, 100>;
declare const b: Vector<50>;
declare const b10: Vector<10>;
declare const b100: Vector<100>;
declare const v: Vector<3>;
declare const w: Vector<4>;
declare const h64: Matrix<100, 50, "f64">;
declare const b64: Vector<50, "f64">;

// Result types.
expectType<Matrix<100, 50, "f32">>(add(h, h2));
expectType<Matrix<100, 50, "f32">>(add(h, b)); // the bias add
expectType<Matrix<100, 50, "f32">>(sub(h, b));
expectType<Matrix<100, 50, "f32">>(mul(h, 0.5));
expectType<Matrix<100, 50, "f32">>(div(h, h2));
expectType<Vector<3, "f32">>(add(v, v));
expectType<Vector<3, "f32">>(mul(v, 2));
expectType<Matrix<100, 50, "f64">>(add(h64, b64));
expectType<Matrix<100, 50, "f32">>(add(h, h2, h)); // out === a, in place
expectType<Matrix<100, 50, "f32">>(rsub(1, h));
expectType<Vector<3, "f32">>(rdiv(1, v));
expectType<Matrix<100, 50, "f32">>(neg(h));
expectType<Matrix<2, 3, "f32">>(add(zeros(2, 3), zeros(2, 3)));
const f: Elementwise = add;
expectType<Elementwise>(f);

// The `number` (dynamic) case compiles.
declare const hn: Matrix<number, 50>;
declare const dn: Matrix<number, number>;
declare const vn: Vector<number>;
expectType<Matrix<number, 50, "f32">>(add(hn, hn));
expectType<Matrix<number, 50, "f32">>(add(hn, b));
expectType<Matrix<number, 50, "f32">>(add(hn, h)); // a dynamic `a` accepts a static partner
expectType<Matrix<number, number, "f32">>(mul(dn, dn));
expectType<Vector<number, "f32">>(add(vn, vn));

// Symbolic dims.
const batch = dim("batch", 100);
declare const hb: Matrix<Dim<"batch">, 50>;
declare const ht: Matrix<Dim<"test">, 50>;
expectType<Matrix<Dim<"batch">, 50, "f32">>(add(hb, b));
expectType<Matrix<Dim<"batch">, 50, "f32">>(add(hb, zeros(batch, 50)));

// Negative cases, one per line.
expectError(add(h, hT)); // elementwise shape mismatch: [100, 50] vs [50, 100]
expectError(mul(h, zeros(100, 51))); // elementwise shape mismatch in cols
expectError(add(v, w)); // vector size mismatch
expectError(add(h, b10)); // wrong bias length: 10, not 50
expectError(add(h, b100)); // a bias of the row count is not a row broadcast
expectError(add(v, b)); // a vector does not broadcast into another vector
expectError(add(b, h)); // no matrix into a vector
expectError(add(hb, ht)); // symbolic label mismatch: Dim<"batch"> vs Dim<"test">
expectError(add(h, h64)); // f32 + f64
expectError(add(h, b64)); // f32 matrix + f64 bias
expectError(sub(h64, h)); // f64 - f32
expectError(add(h, h2, zeros(50, 100))); // wrong `out` shape
expectError(add(h, h2, h64)); // wrong `out` dtype
expectError(add(h, b, b)); // a vector `out` for a matrix result
expectError(add(h, hn)); // a static `a` needs a checked partner: assertShape first
expectError(add(h, "1")); // a string is not a scalar
expectError(rsub(h, 1)); // rsub takes the scalar first
expectError(neg(h, zeros(100, 49))); // wrong `out` shape

// Row vs column broadcast. The axis a vector lives on is in its type, so on a square matrix
// (where both have the same size) only the one the code asked for compiles.
declare const P: Matrix<10, 10>;
declare const r10: Vector<10>;
declare const c10: Column<10>;
declare const c100: Column<100>;
expectType<Matrix<10, 10, "f32">>(div(P, sum(P, 1))); // each row divided by its own sum
expectType<Matrix<10, 10, "f32">>(sub(P, max(P, 1))); // each row minus its own max
expectType<Matrix<10, 10, "f32">>(div(P, sum(P, 0))); // each column divided by its own sum
expectType<Matrix<100, 50, "f32">>(mul(h, c100)); // column broadcast: one value per row
expectType<Matrix<100, 50, "f32">>(sub(h, max(h, 1)));
expectType<Matrix<100, 50, "f32">>(mul(h, toColumn(b100))); // an explicit column broadcast
expectType<Column<10, "f32">>(add(c10, c10));
expectType<Column<10, "f32">>(mul(c10, 2));
expectType<Vector<10, "f32">>(add(r10, toRow(c10)));
expectType<Matrix<number, 50, "f32">>(sub(hn, max(hn, 1)));

expectError(add(r10, sum(P, 1))); // square wrong axis: row sums (a column) where a row vector is expected
expectError(sub(b, sum(h, 1))); // row sums of 100×50 are Column<100>, not a Vector<50> bias gradient
expectError(add(h, c10)); // a column broadcast needs one value per row: 100, not 10
expectError(add(h, toColumn(b))); // a Column<50> is not the Vector<50> bias
expectError(add(c10, r10)); // a column and a row vector do not mix elementwise
expectError(add(c10, P)); // no matrix into a column
expectError(mul(c10, c100)); // column sizes differ
