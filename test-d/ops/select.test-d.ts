// minimum/maximum, comparisons and where take the operands `add` takes; a mask has its input's type.
import { expectError, expectType } from "tsd";
import {
  equal,
  greater,
  less,
  maximum,
  minimum,
  notEqual,
  sum,
  where,
  zeros,
  zerosVector,
  type Column,
  type Matrix,
  type Vector,
} from "../..";

declare const h: Matrix<100, 10>;
declare const P: Matrix<10, 10>;
declare const b: Vector<10>;
declare const c: Column<100>;
expectType<Matrix<100, 10, "f32">>(maximum(h, 0));
expectType<Matrix<100, 10, "f32">>(minimum(h, b));
expectType<Matrix<100, 10, "f32">>(maximum(h, c));
expectType<Matrix<100, 10, "f32">>(greater(h, 0));
expectType<Matrix<100, 10, "f32">>(less(h, h));
expectType<Vector<10, "f32">>(equal(b, b));
expectType<Matrix<10, 10, "f32">>(notEqual(P, sum(P, 1)));
expectType<Matrix<100, 10, "f32">>(where(greater(h, 0), h, 0));
expectType<Vector<10, "f32">>(where(less(b, 0), 0, b));

expectError(maximum(h, zeros(10, 100))); // shapes differ
expectError(greater(h, zerosVector(100))); // a row vector of the row count
expectError(where(greater(h, 0), zeros(10, 100), 0)); // a must have the mask's shape
expectError(where(greater(h, 0), h, b)); // no broadcast in where
expectError(where(greater(h, 0), zeros(100, 10, "f64"), 0)); // dtype
expectError(equal(b, sum(P, 1))); // a column is not a row vector, even of the same size
