// takeRows: the result has the index count's dim (or `batch`, a literal or a Dim), the source's
// columns and dtype.
import { expectError, expectType } from "tsd";
import { takeRows, dim, zeros, type Dim, type Matrix } from "../..";

declare const X: Matrix<60000, 784>;
declare const X64: Matrix<60000, 784, "f64">;
declare const idx: Int32Array;
const batch = dim("batch", 100);

expectType<Matrix<number, 784, "f32">>(takeRows(X, idx));
expectType<Matrix<100, 784, "f32">>(takeRows(X, idx, 100));
expectType<Matrix<Dim<"batch">, 784, "f32">>(takeRows(X, idx, batch));
expectType<Matrix<2, 784, "f64">>(takeRows(X64, [0, 1], 2));
expectType<Matrix<100, 784, "f32">>(takeRows(X, idx, 100, zeros(100, 784)));
expectType<Matrix<Dim<"batch">, 784, "f32">>(takeRows(X, new Uint32Array(100), batch, zeros(batch, 784)));

expectError(takeRows(X, idx, 100, zeros(100, 783))); // wrong `out` cols
expectError(takeRows(X, idx, 100, zeros(50, 784))); // wrong `out` rows
expectError(takeRows(X, idx, batch, zeros(100, 784))); // a static `out` for a Dim<"batch"> result
expectError(takeRows(X, idx, 100, zeros(100, 784, "f64"))); // wrong `out` dtype
expectError(takeRows(X, ["0"])); // indices are numbers
expectError(takeRows(X, new Float32Array(3))); // float indices are refused
