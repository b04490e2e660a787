// The seed's training run through the autodiff tape against the hand-written fused trainer
// (createTrainer) in one process: each round runs both on the same seed (same initial weights,
// same batches), interleaved (each advances --chunk steps in turn, the order alternating), each
// timed by wall clock over its own steps and evaluations (every 600 steps and at the end, as
// the seed does), with the steps alone timed too. Prints every round, the medians and the
// ratio tape / hand-written, the final accuracies and the worst relative gap between the two
// runs' losses. On a shared machine the interleaving gives both sides the same load. Both
// trainers have the next batch gathered ahead by a helper thread (trainer.prefetch), and both
// step from the images compressed (sparseRows) and evaluate with evaluation sets, as train-mnist
// does; --dense gives them X's dense rows and accuracy() instead (the earlier comparison).
//
//   npx tsx bench/autodiff.ts [--rounds 3] [--iters 10000] [--seed 0] [--eval-every 600] [--chunk 200] [--dense]
import {
  accuracy,
  createTrainer,
  evalSet,
  sparseRows,
  initTwoLayer,
  rng,
  sgd,
  twoLayer,
  type EvalSet,
  type SparseRows,
  type Trainer,
  type TwoLayerParams,
} from "../src/index.js";
import { loadMnist } from "../src/node.js";
import { createAutodiffTrainer } from "../examples/lib/autodiff-trainer.js";
import { mnistDir } from "./mnist-rows.js";
import { median } from "./timing.js";

function parseArgs(argv: string[]): {
  rounds: number;
  iters: number;
  seed: number;
  evalEvery: number;
  chunk: number;
  dense: boolean;
} {
  const out = { rounds: 3, iters: 10000, seed: 0, evalEvery: 600, chunk: 200, dense: argv.includes("--dense") };
  argv = argv.filter((a) => a !== "--dense");
  for (let i = 0; i < argv.length; i += 2) {
    const key = {
      "--rounds": "rounds",
      "--iters": "iters",
      "--seed": "seed",
      "--eval-every": "evalEvery",
      "--chunk": "chunk",
    }[argv[i]!];
    const n = Number(argv[i + 1]);
    if (key === undefined || !Number.isInteger(n) || n < 0 || (key !== "seed" && key !== "evalEvery" && n < 1)) {
      throw new Error(
        `bench/autodiff: bad argument ${argv[i]} ${argv[i + 1] ?? ""}; use --rounds N, --iters N, --seed N, --eval-every N, --chunk N, --dense`,
      );
    }
    (out as unknown as Record<string, number>)[key] = n;
  }
  return out;
}

/** One side's run, advanced a chunk of steps at a time so the two sides interleave. */
class Side {
  readonly g;
  readonly net;
  readonly trainer: Trainer<TwoLayerParams<784, 50, 10>, 784, "f32", 100>;
  readonly idx = new Int32Array(100);
  readonly next = new Int32Array(100);
  /** The generator one batch ahead, for the next step's prefetch (as train-mnist does). */
  readonly ahead;
  readonly losses: Float64Array;
  ms = 0;
  stepMs = 0;
  done = 0;
  readonly iters: number;
  constructor(
    readonly kind: "tape" | "hand",
    seed: number,
    iters: number,
  ) {
    this.g = rng(seed);
    this.net = twoLayer(initTwoLayer(this.g, 784, 50, 10));
    this.ahead = rng(0).setState(this.g.state());
    this.iters = iters;
    const opts = { optimizer: sgd({ lr: 0.1 }) };
    this.trainer = kind === "tape" ? createAutodiffTrainer(this.net, 100, opts) : createTrainer(this.net, 100, opts);
    this.losses = new Float64Array(iters);
  }
  /** Steps up to `until` (with the seed's evaluations every `evalEvery` steps), timed. */
  advance(until: number, evalEvery: number, data: Data): void {
    const t0 = performance.now();
    for (; this.done < until; this.done++) {
      const s = performance.now();
      this.g.fillInts(this.idx, data.train.images.rows);
      // Each step announces the next one's rows (trainer.prefetch), as train-mnist does; the
      // first step, with no step before it, announces its own too.
      if (this.done === 0) {
        this.ahead.fillInts(this.next, data.train.images.rows);
        this.trainer.prefetch(data.X, data.train.labels, this.next);
      }
      if (this.done + 1 < this.iters) {
        this.ahead.fillInts(this.next, data.train.images.rows);
        this.trainer.prefetch(data.X, data.train.labels, this.next);
      }
      this.losses[this.done] = this.trainer.stepRows(data.X, data.train.labels, this.idx);
      this.stepMs += performance.now() - s;
      if (evalEvery > 0 && this.done % evalEvery === 0) this.evaluate(data);
    }
    this.ms += performance.now() - t0;
  }
  evaluate(data: Data): { train: number; test: number } {
    if (data.sets) return { train: data.sets.train.accuracy(this.net), test: data.sets.test.accuracy(this.net) };
    return {
      train: accuracy(this.net, data.train.images, data.train.labels),
      test: accuracy(this.net, data.test.images, data.test.labels),
    };
  }
}
type Mnist = Awaited<ReturnType<typeof loadMnist>>;

/** The data as both sides use it: the training rows to step from, and the evaluation sets
 * (compressed rows, as train-mnist) or none (--dense: accuracy() on X). */
type Data = Mnist & {
  readonly X: Mnist["train"]["images"] | SparseRows<Mnist["train"]["images"]["rows"], 784>;
  readonly sets: { train: EvalSet<number, 784, "f32">; test: EvalSet<number, 784, "f32"> } | null;
};

async function main(): Promise<void> {
  const { rounds, iters, seed, evalEvery, chunk, dense } = parseArgs(process.argv.slice(2));
  const mnist = await loadMnist(mnistDir());
  const data: Data = dense
    ? { ...mnist, X: mnist.train.images, sets: null }
    : {
        ...mnist,
        X: sparseRows(mnist.train.images),
        sets: {
          train: evalSet(sparseRows(mnist.train.images), mnist.train.labels),
          test: evalSet(sparseRows(mnist.test.images), mnist.test.labels),
        },
      };
  console.log(
    `seed run through the tape vs the hand-written fused trainer: ${iters} steps of 100, seed ${seed}, ` +
      `${dense ? "X's dense rows and accuracy()" : "the images compressed (sparseRows) and evaluation sets, as train-mnist"}, accuracy every ` +
      `${evalEvery || "-"} steps and at the end. ${rounds} rounds; in each, both runs advance in lockstep, ${chunk} steps at a ` +
      "time in alternating order, so both see the same machine load (it is shared: read the ratios)",
  );
  console.log("round  hand wall  tape wall  ratio   hand steps  tape steps  ratio   test acc hand / tape");
  const rows: { hand: Side; tape: Side; acc: { hand: number; tape: number } }[] = [];
  for (let r = 0; r < rounds; r++) {
    const hand = new Side("hand", seed, iters),
      tape = new Side("tape", seed, iters);
    for (let c = 0; c < iters; c += chunk) {
      const order = (c / chunk + r) % 2 === 0 ? [hand, tape] : [tape, hand];
      for (const side of order) side.advance(Math.min(iters, c + chunk), evalEvery, data);
    }
    const acc = { hand: 0, tape: 0 };
    for (const side of r % 2 === 0 ? [hand, tape] : [tape, hand]) {
      const t0 = performance.now();
      acc[side.kind] = side.evaluate(data).test;
      side.ms += performance.now() - t0;
    }
    rows.push({ hand, tape, acc });
    const f = (x: number) => (x / 1000).toFixed(2).padStart(8);
    console.log(
      `${String(r + 1).padStart(5)} ${f(hand.ms)}s ${f(tape.ms)}s ${(tape.ms / hand.ms).toFixed(3).padStart(6)}` +
        ` ${f(hand.stepMs)}s  ${f(tape.stepMs)}s ${(tape.stepMs / hand.stepMs).toFixed(3).padStart(6)}` +
        `   ${acc.hand.toFixed(4)} / ${acc.tape.toFixed(4)}`,
    );
  }
  const med = (f: (r: (typeof rows)[0]) => number) => median(rows.map(f));
  console.log(
    `median wall: hand ${(med((r) => r.hand.ms) / 1000).toFixed(2)} s, tape ${(med((r) => r.tape.ms) / 1000).toFixed(2)} s; ` +
      `median ratio tape/hand: wall ${med((r) => r.tape.ms / r.hand.ms).toFixed(3)}, ` +
      `steps ${med((r) => r.tape.stepMs / r.hand.stepMs).toFixed(3)} (target <= 1.3)`,
  );
  const { hand, tape, acc } = rows[0]!;
  let worst = 0;
  for (let i = 0; i < iters; i++)
    worst = Math.max(worst, Math.abs(tape.losses[i]! - hand.losses[i]!) / Math.abs(hand.losses[i]!));
  console.log(
    `losses, tape vs hand, same seed: worst relative gap ${worst.toExponential(2)} over ${iters} steps; ` +
      `final test accuracy hand ${acc.hand.toFixed(4)}, tape ${acc.tape.toFixed(4)}`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
