// Slices: a row is the row vector Vector<C>, a column the Column<R>; a range's size is `number`
// unless declared (no arithmetic on sizes in types); writes take exactly the part's type.
import { expectError, expectType } from "tsd";
import {
  getCol,
  getRow,
  setCol,
  setCols,
  setRow,
  setRows,
  sliceCols,
  sliceRows,
  toColumn,
  zeros,
  zerosVector,
  type Column,
  type Dim,
  type Matrix,
  type Vector,
} from "../..";

declare const m: Matrix<100, 10>;
declare const mb: Matrix<Dim<"batch">, 10>;
declare const mn: Matrix<number, number>;
expectType<Vector<10, "f32">>(getRow(m, 0));
expectType<Column<100, "f32">>(getCol(m, 0));
expectType<Matrix<number, 10, "f32">>(sliceRows(m, 0, 20));
expectType<Matrix<20, 10, "f32">>(sliceRows(m, 0, 20, 20)); // a declared size, checked at run time
expectType<Matrix<100, number, "f32">>(sliceCols(m, 2, 5));
expectType<Matrix<100, 3, "f32">>(sliceCols(m, 2, 5, 3));
expectType<Vector<10, "f32">>(getRow(mb, 3));
expectType<Column<Dim<"batch">, "f32">>(getCol(mb, 3));
expectType<Vector<number, "f32">>(getRow(mn, 0));
expectType<Matrix<100, 10, "f32">>(setRow(m, 0, zerosVector(10)));
expectType<Matrix<100, 10, "f32">>(setRow(m, 0, 1));
expectType<Matrix<100, 10, "f32">>(setCol(m, 0, toColumn(zerosVector(100))));
expectType<Matrix<100, 10, "f32">>(setRows(m, 50, zeros(50, 10)));
expectType<Matrix<100, 10, "f32">>(setCols(m, 5, zeros(100, 5)));
expectType<Matrix<100, 10, "f32">>(m.set(0, 0, 1));

expectError(setRow(m, 0, zerosVector(100))); // a row of 100×10 has 10 elements
expectError(setRow(m, 0, toColumn(zerosVector(10)))); // a column is not a row
expectError(setCol(m, 0, zerosVector(100))); // a row vector is not a column
expectError(setCol(m, 0, toColumn(zerosVector(10)))); // a column of 100×10 has 100 elements
expectError(setRows(m, 0, zeros(5, 9))); // rows of 10 columns needed
expectError(setCols(m, 0, zeros(99, 2))); // columns of 100 rows needed
expectError(setRow(m, 0, zerosVector(10, "f64"))); // f32 matrix, f64 row
expectError<Vector<100>>(getRow(m, 0)); // a row has C elements
expectError<Vector<100>>(getCol(m, 0)); // a column is a Column, not a row vector
