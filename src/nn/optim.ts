// Optimizers over any typed parameter tree (a record like TwoLayerParams, an MLP's tuple of
// layers, or nestings of both): the gradients must have exactly the parameters' type, so a
// gradient of the wrong shape does not compile. Each updates the parameters in place and keeps
// its per-parameter state (velocity, moments) keyed by the parameter tensor itself.
import { allocate, type Buf } from "../shape/dtype.js";
import { axpy } from "../ops/axpy.js";
import { forEachPair, paramEntries, type Gradients, type Param, type ParamTree } from "./params.js";

/** Updates parameters in place from their gradients. */
export interface Optimizer {
  /** One update: params -= f(grads). Allocates nothing once `prepare` has run (or after the first step). */
  step<P extends ParamTree<P>>(params: P, grads: NoInfer<Gradients<P>>): void;
  /**
   * Allocates any per-parameter state now, so that no later step allocates (the trainers call it
   * at creation). Optional for optimizers written elsewhere.
   */
  prepare?<P extends ParamTree<P>>(params: P): void;
  /**
   * A copy of the per-parameter state for a checkpoint, named after the parameters ("W1.v",
   * Adam's "W1.m", "W1.v" and step count "W1.t"). Optional; stateless optimizers return {}.
   */
  state?<P extends ParamTree<P>>(params: P): OptimizerState;
  /** Restores what state() returned for the same parameter tree; refuses missing or misfit entries. */
  loadState?<P extends ParamTree<P>>(params: P, state: OptimizerState): void;
}

/** An optimizer's state by name: arrays (velocities, moments) and counts. */
export type OptimizerState = Readonly<Record<string, Buf | number>>;

/** Copies each named entry into its array, after checking them all (a refused state changes nothing). */
function restore(op: string, state: OptimizerState, targets: readonly (readonly [string, Buf])[]): void {
  for (const [name, to] of targets) {
    const from = state[name];
    if (
      typeof from === "number" ||
      from === undefined ||
      from.length !== to.length ||
      from.constructor !== to.constructor
    ) {
      throw new RangeError(
        `${op}.loadState: "${name}" must be a ${to.constructor.name} of ${to.length}, got ${
          from === undefined
            ? "nothing"
            : typeof from === "number"
              ? "a number"
              : `a ${from.constructor.name} of ${from.length}`
        }`,
      );
    }
  }
  for (const [name, to] of targets) to.set(state[name] as Buf);
}

function checkRate(op: string, name: string, v: unknown, lo: number, hi: number, loOpen: boolean): number {
  if (typeof v !== "number" || !Number.isFinite(v) || (loOpen ? v <= lo : v < lo) || v >= hi) {
    throw new RangeError(
      `${op}: ${name} must be a number in ${loOpen ? "(" : "["}${lo}, ${hi === Infinity ? "∞" : hi}), got ${String(v)}`,
    );
  }
  return v;
}

/**
 * Plain stochastic gradient descent: p -= lr · g (the seed's update_params).
 * @example
 * ```ts
 * const params = initTwoLayer(rng(0), 784, 50, 10);
 * const opt = sgd({ lr: 0.1 });
 * opt.step(params, zerosLike(params)); // a zero gradient: params unchanged
 * ```
 */
export function sgd(opts: { lr: number }): Optimizer {
  const lr = checkRate("sgd", "lr", opts?.lr, 0, Infinity, true);
  const update = (p: Param, g: Param): void => {
    axpy(p, -lr, g);
  };
  return {
    step(params, grads) {
      forEachPair("sgd", params, grads, update);
    },
    prepare() {},
    state: () => ({}),
    loadState() {},
  };
}

/** Per-parameter state, created on first sight of a parameter tensor (or by `prepare`). */
function stateStore<S>(make: (p: Param) => S): { get(p: Param): S; prepare(tree: unknown): void } {
  const states = new WeakMap<Param, S>();
  const get = (p: Param): S => {
    let s = states.get(p);
    if (s === undefined) {
      s = make(p);
      states.set(p, s);
    }
    return s;
  };
  return { get, prepare: (tree) => void paramEntries(tree, "optimizer.prepare").forEach(([, p]) => get(p)) };
}

/**
 * SGD with momentum, PyTorch's form: v = beta·v + g; p -= lr·v (beta 0.9 by default).
 * @example
 * ```ts
 * const opt = momentum({ lr: 0.05, beta: 0.9 });
 * ```
 */
export function momentum(opts: { lr: number; beta?: number }): Optimizer {
  const lr = checkRate("momentum", "lr", opts?.lr, 0, Infinity, true);
  const beta = checkRate("momentum", "beta", opts.beta ?? 0.9, 0, 1, false);
  const store = stateStore((p) => allocate(p.dtype, p.data.length));
  const update = (p: Param, g: Param): void => {
    const v = store.get(p);
    const pd = p.data,
      gd = g.data;
    for (let i = 0; i < pd.length; i++) {
      const vi = beta * v[i]! + gd[i]!;
      v[i] = vi;
      pd[i] -= lr * vi;
    }
  };
  return {
    step(params, grads) {
      forEachPair("momentum", params, grads, update);
    },
    prepare(params) {
      store.prepare(params);
    },
    state: (params) =>
      Object.fromEntries(paramEntries(params, "momentum.state").map(([n, p]) => [`${n}.v`, store.get(p).slice()])),
    loadState(params, state) {
      restore(
        "momentum",
        state,
        paramEntries(params, "momentum.loadState").map(([n, p]) => [`${n}.v`, store.get(p)] as const),
      );
    },
  };
}

/**
 * Adam (Kingma & Ba 2015) with bias correction: m = b1·m + (1-b1)·g, v = b2·v + (1-b2)·g²,
 * p -= lr · m̂ / (sqrt(v̂) + eps). Defaults: beta1 0.9, beta2 0.999, eps 1e-8. The step count
 * is kept per parameter, so one Adam can serve parameters that join later.
 * @example
 * ```ts
 * const opt = adam({ lr: 1e-3 });
 * ```
 */
export function adam(opts: { lr: number; beta1?: number; beta2?: number; eps?: number }): Optimizer {
  const lr = checkRate("adam", "lr", opts?.lr, 0, Infinity, true);
  const b1 = checkRate("adam", "beta1", opts.beta1 ?? 0.9, 0, 1, false);
  const b2 = checkRate("adam", "beta2", opts.beta2 ?? 0.999, 0, 1, false);
  const eps = checkRate("adam", "eps", opts.eps ?? 1e-8, 0, Infinity, false);
  const store = stateStore((p): { m: Buf; v: Buf; t: number } => ({
    m: allocate(p.dtype, p.data.length),
    v: allocate(p.dtype, p.data.length),
    t: 0,
  }));
  const update = (p: Param, g: Param): void => {
    const s = store.get(p);
    const m = s.m,
      v = s.v;
    const t = ++s.t;
    const c1 = 1 / (1 - Math.pow(b1, t));
    const c2 = 1 / (1 - Math.pow(b2, t));
    const pd = p.data,
      gd = g.data;
    for (let i = 0; i < pd.length; i++) {
      const gi = gd[i]!;
      const mi = b1 * m[i]! + (1 - b1) * gi;
      const vi = b2 * v[i]! + (1 - b2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      pd[i] -= (lr * mi * c1) / (Math.sqrt(vi * c2) + eps);
    }
  };
  return {
    step(params, grads) {
      forEachPair("adam", params, grads, update);
    },
    prepare(params) {
      store.prepare(params);
    },
    state: (params) =>
      Object.fromEntries(
        paramEntries(params, "adam.state").flatMap(([n, p]) => {
          const s = store.get(p);
          return [
            [`${n}.m`, s.m.slice()],
            [`${n}.v`, s.v.slice()],
            [`${n}.t`, s.t],
          ];
        }),
      ),
    loadState(params, state) {
      const entries = paramEntries(params, "adam.loadState");
      for (const [n] of entries) {
        const t = state[`${n}.t`];
        if (!(typeof t === "number" && Number.isSafeInteger(t) && t >= 0)) {
          throw new RangeError(
            `adam.loadState: "${n}.t" must be a step count, got ${typeof t === "number" ? t : typeof t}`,
          );
        }
      }
      restore(
        "adam",
        state,
        entries.flatMap(
          ([n, p]) =>
            [
              [`${n}.m`, store.get(p).m],
              [`${n}.v`, store.get(p).v],
            ] as const,
        ),
      );
      for (const [n, p] of entries) store.get(p).t = state[`${n}.t`] as number;
    },
  };
}
