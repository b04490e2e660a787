// The gradient's type is the parameters' type, leaf by leaf, through every traced op; the traced
// ops have exactly the ops' signatures; f must take a tree of tensors and return a number; and a
// gradient of one tree does not update another.
import { expectError, expectType } from "tsd";
import type { Equals } from "ts-toolbelt/out/Any/Equals";
import {
  ad,
  add,
  asLabels,
  dim,
  dot,
  grad,
  initTwoLayer,
  rng,
  sgd,
  sigmoid,
  softmaxCrossEntropy,
  sum,
  takeRows,
  toColumn,
  toRow,
  valueAndGrad,
  zeros,
  zerosVector,
  type Column,
  type Dim,
  type Gradients,
  type Labels,
  type Matrix,
  type TwoLayerParams,
  type Vector,
} from "../..";

declare const X: Matrix<100, 784>;
declare const y: Labels<100>;

// The seed network: grads has exactly TwoLayerParams<784, 50, 10>'s leaves.
const params = initTwoLayer(rng(0), 784, 50, 10);
const lossOf = (p: TwoLayerParams<784, 50, 10>, x: Matrix<100, 784>, t: Labels<100>) =>
  ad.softmaxCrossEntropy(ad.add(ad.dot(ad.sigmoid(ad.add(ad.dot(x, p.W1), p.b1)), p.W2), p.b2), t).loss;
const { value, grads } = valueAndGrad(lossOf)(params, X, y);
expectType<number>(value);
expectType<Gradients<TwoLayerParams<784, 50, 10>>>(grads);
expectType<Matrix<784, 50>>(grads.W1);
expectType<Vector<50>>(grads.b1);
expectType<Matrix<50, 10>>(grads.W2);
expectType<Vector<10>>(grads.b2);
expectType<1>(null as unknown as Equals<typeof grads.W1, Matrix<784, 50, "f32">>);
sgd({ lr: 0.1 }).step(params, grads);
expectType<Gradients<TwoLayerParams<784, 50, 10>>>(grad(lossOf)(params, X, y));

// A bare leaf, each dim kind and dtype: static, `number`, Dim<"h">, f64.
declare const W: Matrix<784, 50>;
expectType<1>(null as unknown as Equals<ReturnType<ReturnType<typeof grad<Matrix<784, 50>, []>>>, Matrix<784, 50>>);
expectType<Matrix<784, 50>>(grad((w: Matrix<784, 50>) => ad.sum(ad.dot(X, w)))(W));
declare const h: Dim<"h">;
const bh = zerosVector(h);
expectType<Vector<Dim<"h">>>(grad((b: Vector<Dim<"h">>) => ad.sum(ad.mul(b, b)))(bh));
// A column parameter (a per-row scale) gets a Column gradient, never a row Vector.
declare const scale: Column<100>;
expectType<Column<100>>(grad((c: Column<100>) => ad.sum(ad.mul(X, c)))(scale));
expectError<Vector<100>>(grad((c: Column<100>) => ad.sum(ad.mul(X, c)))(scale));
declare const n: number;
const Wn = zeros(n, 10, "f64");
expectType<Matrix<number, 10, "f64">>(grad((w: Matrix<number, 10, "f64">) => ad.sum(ad.exp(w)))(Wn));
// Records, tuples and arrays nest.
type Tree = { enc: [Matrix<784, 32>, Vector<32>]; heads: Matrix<32, 10, "f64">[] };
declare const tree: Tree;
const gt = grad((p: Tree) => ad.sum(p.enc[1]))(tree);
expectType<[Matrix<784, 32>, Vector<32>]>(gt.enc);
expectType<Matrix<32, 10, "f64">[]>(gt.heads);

// One line per rule: the traced op has exactly the op's type, so each result type is the op's.
expectType<1>(null as unknown as Equals<typeof ad.dot, typeof dot>);
expectType<1>(null as unknown as Equals<typeof ad.add, typeof add>);
expectType<1>(null as unknown as Equals<typeof ad.sigmoid, typeof sigmoid>);
expectType<1>(null as unknown as Equals<typeof ad.sum, typeof sum>);
expectType<1>(null as unknown as Equals<typeof ad.takeRows, typeof takeRows>);
expectType<1>(null as unknown as Equals<typeof ad.toColumn, typeof toColumn>);
expectType<1>(null as unknown as Equals<typeof ad.toRow, typeof toRow>);
expectType<1>(null as unknown as Equals<typeof ad.softmaxCrossEntropy, typeof softmaxCrossEntropy>);
declare const A: Matrix<100, 50>;
declare const B: Matrix<50, 10>;
declare const b: Vector<50>;
declare const v: Vector<784>;
grad((p: { W: Matrix<784, 50>; b: Vector<50>; B: Matrix<50, 10>; v: Vector<784> }) => {
  expectType<Matrix<100, 50>>(ad.dot(X, p.W));
  expectType<Matrix<784, 50>>(ad.dot(X.T, A));
  expectType<Matrix<100, 784>>(ad.dot(A, p.W.T));
  expectType<Vector<100>>(ad.dot(X, p.v));
  expectType<Vector<784>>(ad.dot(p.W, p.b));
  // The vector forms: v·M, the inner product (a number), M·column.
  expectType<Vector<50>>(ad.dot(p.v, p.W));
  expectType<Vector<784>>(ad.dot(p.b, p.W.T));
  expectType<number>(ad.dot(p.v, p.v));
  expectType<Column<100>>(ad.dot(X, null as unknown as Column<784>));
  expectError(ad.dot(p.b, p.W));
  expectError(ad.dot(p.v, p.b));
  expectType<Matrix<100, 50>>(ad.add(A, p.b));
  expectType<Matrix<100, 50>>(ad.sub(A, 1));
  expectType<Matrix<100, 50>>(ad.mul(A, A));
  expectType<Matrix<100, 50>>(ad.div(A, p.b));
  expectType<Matrix<100, 50>>(ad.rsub(1, A));
  expectType<Matrix<100, 50>>(ad.rdiv(1, A));
  expectType<Matrix<100, 50>>(ad.neg(A));
  expectType<Matrix<100, 50>>(ad.exp(A));
  expectType<Matrix<100, 50>>(ad.log(A));
  expectType<Matrix<100, 50>>(ad.sqrt(A));
  expectType<Matrix<100, 50>>(ad.sigmoid(A));
  expectType<Matrix<100, 50>>(ad.relu(A));
  expectType<Matrix<100, 50>>(ad.tanh(A));
  expectType<Matrix<100, 50>>(ad.softmax(A));
  expectType<Matrix<100, 50>>(ad.clone(A));
  expectType<Vector<50>>(ad.sum(A, 0));
  expectType<Column<100>>(ad.mean(A, 1));
  expectType<Vector<50>>(ad.max(A, 0));
  expectType<Matrix<3, 784>>(ad.takeRows(X, [1, 2, 3], 3));
  expectType<Matrix<28, 28>>(ad.reshape(p.v, 28, 28));
  expectType<Vector<number>>(ad.flatten(A));
  expectType<Matrix<1, 50>>(ad.asRow(p.b));
  expectType<Matrix<50, 1>>(ad.asColumn(p.b));
  expectType<Column<50>>(ad.toColumn(p.b));
  expectType<Vector<100>>(ad.toRow(ad.sum(A, 1)));
  expectError(ad.add(A, ad.toRow(ad.sum(A, 1))));
  expectType<Matrix<50, 100>>(ad.transpose(A));
  expectType<number>(ad.crossEntropy(ad.softmax(ad.dot(A, p.B)), y));
  // Shape mistakes inside a traced function are the ops' compile errors.
  expectError(ad.dot(A, A));
  expectError(ad.add(A, v));
  expectError(ad.mul(A, B));
  return ad.sum(ad.dot(A, p.B));
});

// The inner product is a scalar node f may return; its gradients keep their types.
declare const u: Vector<784>;
expectType<Vector<784>>(grad((q: Vector<784>) => ad.dot(q, q))(u));
expectType<Matrix<784, 50>>(grad((w: Matrix<784, 50>) => ad.sum(ad.dot(u, w)))(W));
expectError<Vector<50>>(grad((q: Vector<784>) => ad.dot(q, q))(u));

// Negative cases, one line each.
// Not a parameter tree: a number, a record with a non-tensor leaf, a string.
expectError(valueAndGrad((x: number) => x));
expectError(valueAndGrad((p: { W: Matrix<2, 2>; lr: number }) => ad.sum(p.W)));
expectError(valueAndGrad((p: { W: Matrix<2, 2>; name: string }) => ad.sum(p.W)));
// f must return a number (a traced loss), not a tensor.
expectError(valueAndGrad((p: { W: Matrix<2, 2> }) => ad.exp(p.W)));
// A gradient of one tree does not update another, nor fit another leaf.
const other = initTwoLayer(rng(0), 784, 100, 10);
expectError(sgd({ lr: 0.1 }).step(other, grads));
expectError(sgd({ lr: 0.1 }).step(params, grad((p: TwoLayerParams<784, 100, 10>) => ad.sum(p.b1))(other)));
expectError<Matrix<50, 784>>(grads.W1);
expectError<Vector<Dim<"w">>>(grad((q: Vector<Dim<"h">>) => ad.sum(q))(bh));
// Ops without a rule are not in `ad`: using one on a traced value through `ad` does not compile.
// @ts-expect-error argmax has no derivative
ad.argmax(A);
// @ts-expect-error map's function is opaque to the tape
ad.map(A, (x: number) => x);
void asLabels;
void dim;
void B;
void b;
