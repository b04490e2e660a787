// The traced abs, pow, clip, minimum, maximum, comparisons and where have exactly the ops' types,
// so results and gradients keep their dims and dtype, and the ops' shape errors stay errors.
import { expectError, expectType } from "tsd";
import type { Equals } from "ts-toolbelt/out/Any/Equals";
import {
  ad,
  abs,
  clip,
  equal,
  grad,
  greater,
  greaterEqual,
  less,
  lessEqual,
  maximum,
  minimum,
  notEqual,
  pow,
  valueAndGrad,
  where,
  type Column,
  type Dim,
  type Matrix,
  type Vector,
} from "../..";

expectType<1>(null as unknown as Equals<typeof ad.abs, typeof abs>);
expectType<1>(null as unknown as Equals<typeof ad.pow, typeof pow>);
expectType<1>(null as unknown as Equals<typeof ad.clip, typeof clip>);
expectType<1>(null as unknown as Equals<typeof ad.minimum, typeof minimum>);
expectType<1>(null as unknown as Equals<typeof ad.maximum, typeof maximum>);
expectType<1>(null as unknown as Equals<typeof ad.greater, typeof greater>);
expectType<1>(null as unknown as Equals<typeof ad.greaterEqual, typeof greaterEqual>);
expectType<1>(null as unknown as Equals<typeof ad.less, typeof less>);
expectType<1>(null as unknown as Equals<typeof ad.lessEqual, typeof lessEqual>);
expectType<1>(null as unknown as Equals<typeof ad.equal, typeof equal>);
expectType<1>(null as unknown as Equals<typeof ad.notEqual, typeof notEqual>);
expectType<1>(null as unknown as Equals<typeof ad.where, typeof where>);

declare const W: Matrix<3, 2>;
declare const X: Matrix<4, 3, "f64">;
// Gradients are typed like the parameters through each new op.
expectType<Matrix<3, 2>>(valueAndGrad((w: Matrix<3, 2>) => ad.sum(ad.abs(w)))(W).grads);
expectType<Matrix<3, 2>>(grad((w: Matrix<3, 2>) => ad.sum(ad.pow(w, 3)))(W));
expectType<Matrix<3, 2>>(grad((w: Matrix<3, 2>) => ad.sum(ad.where(ad.greater(w, 0), w, ad.mul(w, 0.01))))(W));
declare const h: Dim<"h">;
declare const bh: Vector<Dim<"h">, "f64">;
expectType<Vector<Dim<"h">, "f64">>(grad((b: Vector<Dim<"h">, "f64">) => ad.sum(ad.clip(b, -1, 1)))(bh));
expectType<{ X: Matrix<4, 3, "f64">; c: Column<4, "f64"> }>(
  grad((p: { X: Matrix<4, 3, "f64">; c: Column<4, "f64"> }) => ad.sum(ad.maximum(p.X, p.c)))({
    X,
    c: null as unknown as Column<4, "f64">,
  }),
);
expectError<Matrix<2, 3>>(grad((w: Matrix<3, 2>) => ad.sum(ad.abs(w)))(W));

grad((p: { W: Matrix<3, 2>; b: Vector<2>; c: Column<3> }) => {
  expectType<Matrix<3, 2>>(ad.abs(p.W));
  expectType<Matrix<3, 2>>(ad.pow(p.W, 2));
  expectType<Matrix<3, 2>>(ad.clip(p.W, 0, 1));
  expectType<Matrix<3, 2>>(ad.maximum(p.W, p.b));
  expectType<Matrix<3, 2>>(ad.minimum(p.W, p.c));
  expectType<Matrix<3, 2>>(ad.greater(p.W, p.b));
  expectType<Vector<2>>(ad.less(p.b, 0));
  expectType<Matrix<3, 2>>(ad.where(ad.lessEqual(p.W, 1), p.W, 0));
  // The ops' shape errors, inside a traced function too.
  expectError(ad.maximum(p.W, W as unknown as Matrix<2, 3>));
  expectError(ad.minimum(p.W, p.c as unknown as Column<2>));
  expectError(ad.greater(p.W, X));
  expectError(ad.where(ad.greater(p.W, 0), p.W, p.b));
  expectError(ad.pow(p.W, p.W));
  expectError(ad.clip(p.W, 0));
  return ad.sum(p.W);
});
void h;
