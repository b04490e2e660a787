// The guards narrow unknown values to tensors of unknown dims and dtype.
import { expectType } from "tsd";
import { isMatrix, isVector, isTransposed, type DType, type Matrix, type Transposed, type Vector } from "../..";

declare const x: unknown;
if (isMatrix(x)) expectType<Matrix<number, number, DType>>(x);
if (isVector(x)) expectType<Vector<number, DType>>(x);
if (isTransposed(x)) expectType<Transposed<number, number, DType>>(x);
