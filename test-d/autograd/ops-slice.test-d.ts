// The traced slices and joins have exactly the ops' types; the writes (set*) are not in `ad`.
import { expectError, expectType } from "tsd";
import type { Equals } from "ts-toolbelt/out/Any/Equals";
import {
  ad,
  concat,
  getCol,
  getRow,
  grad,
  sliceCols,
  sliceRows,
  stack,
  type Column,
  type Matrix,
  type Vector,
} from "../..";

expectType<1>(null as unknown as Equals<typeof ad.getRow, typeof getRow>);
expectType<1>(null as unknown as Equals<typeof ad.getCol, typeof getCol>);
expectType<1>(null as unknown as Equals<typeof ad.sliceRows, typeof sliceRows>);
expectType<1>(null as unknown as Equals<typeof ad.sliceCols, typeof sliceCols>);
expectType<1>(null as unknown as Equals<typeof ad.concat, typeof concat>);
expectType<1>(null as unknown as Equals<typeof ad.stack, typeof stack>);

declare const W: Matrix<4, 3>;
expectType<Matrix<4, 3>>(grad((w: Matrix<4, 3>) => ad.sum(ad.getRow(w, 0)))(W));
expectType<{ a: Matrix<4, 3>; b: Matrix<2, 3> }>(
  grad((p: { a: Matrix<4, 3>; b: Matrix<2, 3> }) => ad.sum(ad.concat([p.a, p.b], 0, 6)))({
    a: W,
    b: null as unknown as Matrix<2, 3>,
  }),
);
expectType<[Vector<3>, Vector<3>]>(
  grad((p: [Vector<3>, Vector<3>]) => ad.sum(ad.stack(p, 1)))([
    null as unknown as Vector<3>,
    null as unknown as Vector<3>,
  ]),
);
expectError<Matrix<3, 4>>(grad((w: Matrix<4, 3>) => ad.sum(ad.getCol(w, 0)))(W));

grad((w: Matrix<4, 3>) => {
  expectType<Vector<3>>(ad.getRow(w, 1));
  expectType<Column<4>>(ad.getCol(w, 1));
  expectType<Matrix<2, 3>>(ad.sliceRows(w, 0, 2, 2));
  expectType<Matrix<4, number>>(ad.sliceCols(w, 0, 2));
  expectType<Matrix<8, 3>>(ad.concat([w, w], 0, 8));
  expectType<Matrix<3, 2>>(ad.stack([ad.getRow(w, 0), ad.getRow(w, 1)], 1, 2));
  // The ops' errors: parts that disagree, a row of 3 used as a column of 4.
  expectError(ad.concat([w, ad.transpose(w)], 0));
  expectError(ad.stack([ad.getRow(w, 0), ad.getCol(w, 0)], 0));
  expectError(ad.add(w, ad.getRow(ad.transpose(w), 0)));
  return ad.sum(w);
});

// The writes mutate in place and have no rule: not in `ad`.
// @ts-expect-error setRow is not differentiable
ad.setRow(W, 0, 1);
// @ts-expect-error setCols is not differentiable
ad.setCols(W, 0, W);
// @ts-expect-error argmin, like argmax, gives indices: no derivative
ad.argmin(W);
