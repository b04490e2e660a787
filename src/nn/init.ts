// Weight initialisation from a seeded generator. "normal" is the seed's std · N(0, 1) (std 0.01
// by default); "he" scales by sqrt(2 / fanIn), right for ReLU layers (He et al. 2015); "xavier"
// by sqrt(2 / (fanIn + fanOut)), right for sigmoid and tanh (Glorot & Bengio 2010).
import { checkDType, type DType } from "../shape/dtype.js";
import type { Matrix, Vector } from "../shape/tensor.js";
import type { Rng } from "../random/rng.js";
import { randn, zerosVector } from "../ops/create.js";

/** How to draw initial weights. */
export type Init = "normal" | "he" | "xavier";

/** Options shared by the initialisers. */
export interface InitOptions<D extends DType = "f32"> {
  /** The standard deviation for `init: "normal"` (default 0.01, the seed's). */
  readonly std?: number;
  /** "normal" (default), "he" or "xavier". */
  readonly init?: Init;
  readonly dtype?: D;
}

/**
 * The standard deviation an initialiser uses for a fanIn × fanOut weight matrix.
 * @example
 * ```ts
 * initStd("he", 784, 128); // Math.sqrt(2 / 784)
 * ```
 */
export function initStd(init: Init, fanIn: number, fanOut: number, std = 0.01): number {
  if (init === "normal") {
    if (!(Number.isFinite(std) && std >= 0)) throw new RangeError(`init: std must be a finite number >= 0, got ${std}`);
    return std;
  }
  if (!(fanIn > 0 && fanOut > 0))
    throw new RangeError(`init: fan-in and fan-out must be positive, got ${fanIn} and ${fanOut}`);
  if (init === "he") return Math.sqrt(2 / fanIn);
  if (init === "xavier") return Math.sqrt(2 / (fanIn + fanOut));
  throw new TypeError(`init: init must be "normal", "he" or "xavier", got ${String(init)}`);
}

/**
 * A weight matrix of `input` rows and `output` columns drawn from N(0, initStd(...)²), and a
 * zero bias, from a seeded generator.
 * @example
 * ```ts
 * const { W, b } = initDense(rng(0), 784, 128, { init: "he" }); // what it gives initDense: Matrix<784, 128>, Vector<128>
 * ```
 */
export function initDenseParams<const I extends number, const O extends number, D extends DType = "f32">(
  gen: Rng,
  input: I,
  output: O,
  opts: InitOptions<D> = {},
): { W: Matrix<I, O, NoInfer<D>>; b: Vector<O, NoInfer<D>> } {
  checkDType("init", opts.dtype);
  const std = initStd(opts.init ?? "normal", input, output, opts.std ?? 0.01);
  if (opts.std !== undefined && opts.init !== undefined && opts.init !== "normal") {
    throw new TypeError(`init: std applies to init "normal" only; "${opts.init}" sets its own scale`);
  }
  return { W: randn(gen, input, output, std, opts.dtype), b: zerosVector(output, opts.dtype) };
}
