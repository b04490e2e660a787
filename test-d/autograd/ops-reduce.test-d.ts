// The traced min, logSumExp, variance and std have exactly the ops' types: the axis picks a
// Vector, a Column or a number, and the gradient keeps the parameter's type.
import { expectError, expectType } from "tsd";
import type { Equals } from "ts-toolbelt/out/Any/Equals";
import { ad, grad, logSumExp, min, std, variance, type Column, type Matrix, type Vector } from "../..";

expectType<1>(null as unknown as Equals<typeof ad.min, typeof min>);
expectType<1>(null as unknown as Equals<typeof ad.logSumExp, typeof logSumExp>);
expectType<1>(null as unknown as Equals<typeof ad.variance, typeof variance>);
expectType<1>(null as unknown as Equals<typeof ad.std, typeof std>);

declare const W: Matrix<3, 2, "f64">;
expectType<Matrix<3, 2, "f64">>(grad((w: Matrix<3, 2, "f64">) => ad.logSumExp(w))(W));
expectType<Matrix<3, 2, "f64">>(grad((w: Matrix<3, 2, "f64">) => ad.std(w, undefined, { ddof: 1 }))(W));
expectType<Matrix<3, 2, "f64">>(grad((w: Matrix<3, 2, "f64">) => ad.sum(ad.min(w, 0)))(W));
expectError<Matrix<2, 3, "f64">>(grad((w: Matrix<3, 2, "f64">) => ad.variance(w))(W));

grad((w: Matrix<3, 2, "f64">) => {
  expectType<Vector<2, "f64">>(ad.min(w, 0));
  expectType<Column<3, "f64">>(ad.logSumExp(w, 1));
  expectType<Vector<2, "f64">>(ad.variance(w, 0, { ddof: 1 }));
  expectType<Column<3, "f64">>(ad.std(w, 1));
  expectType<number>(ad.std(w));
  // A row-wise log-softmax: the Column broadcasts across the columns; a Vector of the rows would not.
  expectType<Matrix<3, 2, "f64">>(ad.sub(w, ad.logSumExp(w, 1)));
  expectError(ad.sub(w, ad.logSumExp(w, 0) as unknown as Vector<3, "f64">));
  expectError(ad.variance(w, 2));
  expectError(ad.std(w, 0, { ddof: "1" }));
  return ad.min(w);
});
