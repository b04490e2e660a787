// The seed's training run through the autodiff tape against the hand-written fused trainer
// (createTrainer), alternating in one process: each round runs both on the same seed (same
// initial weights, same batches), each timed by wall clock from the first step to the last
// evaluation, with the steps alone timed too. Prints every round, the medians and the ratio
// tape / hand-written, the final accuracies and the worst relative gap between the two runs'
// losses. The machine may be shared: the ratio of alternated runs is the figure to read.
//
//   npx tsx bench/autodiff.ts [--rounds 3] [--iters 10000] [--seed 0] [--eval-every 600]
import { accuracy, createTrainer, initTwoLayer, loadMnist, rng, sgd, type Trainer } from "../src/index.js";
import { createAutodiffTrainer } from "../examples/lib/autodiff-trainer.js";
import { mnistDir } from "./mnist-rows.js";
import { median } from "./timing.js";

interface Run { wall: number; steps: number; testAcc: number; trainAcc: number; losses: Float64Array }

function parseArgs(argv: string[]): { rounds: number; iters: number; seed: number; evalEvery: number } {
  const out = { rounds: 3, iters: 10000, seed: 0, evalEvery: 600 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = { "--rounds": "rounds", "--iters": "iters", "--seed": "seed", "--eval-every": "evalEvery" }[argv[i]!];
    const n = Number(argv[i + 1]);
    if (key === undefined || !Number.isInteger(n) || n < 0 || (key !== "seed" && key !== "evalEvery" && n < 1)) {
      throw new Error(`bench/autodiff: bad argument ${argv[i]} ${argv[i + 1] ?? ""}; use --rounds N, --iters N, --seed N, --eval-every N`);
    }
    (out as Record<string, number>)[key] = n;
  }
  return out;
}

async function main(): Promise<void> {
  const { rounds, iters, seed, evalEvery } = parseArgs(process.argv.slice(2));
  const { train, test } = await loadMnist(mnistDir());
  const n = train.images.rows;
  const run = (kind: "tape" | "hand"): Run => {
    const g = rng(seed);
    const params = initTwoLayer(g, 784, 50, 10);
    const opts = { optimizer: sgd({ lr: 0.1 }) };
    const trainer: Trainer<typeof params, 784, "f32", 100> = kind === "tape" ? createAutodiffTrainer(params, 100, opts) : createTrainer(params, 100, opts);
    const idx = new Int32Array(100);
    const losses = new Float64Array(iters);
    let stepMs = 0;
    const t0 = performance.now();
    for (let i = 0; i < iters; i++) {
      const s = performance.now();
      g.fillInts(idx, n);
      losses[i] = trainer.stepRows(train.images, train.labels, idx);
      stepMs += performance.now() - s;
      if (evalEvery > 0 && i % evalEvery === 0) {
        accuracy(params, train.images, train.labels);
        accuracy(params, test.images, test.labels);
      }
    }
    const trainAcc = accuracy(params, train.images, train.labels);
    const testAcc = accuracy(params, test.images, test.labels);
    return { wall: (performance.now() - t0) / 1000, steps: stepMs / 1000, testAcc, trainAcc, losses };
  };
  console.log(`seed run through the tape vs the hand-written fused trainer: ${iters} steps of 100, seed ${seed}, accuracy every ` +
    `${evalEvery || "-"} steps; ${rounds} alternated rounds (the machine may be shared: read the ratios)`);
  console.log("round  hand wall  tape wall  ratio   hand steps  tape steps  ratio   test acc hand / tape");
  const rows: { hand: Run; tape: Run }[] = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate which goes first, so neither always runs on a warmer (or busier) machine.
    const first = r % 2 === 0 ? "hand" : "tape";
    const a = run(first), b = run(first === "hand" ? "tape" : "hand");
    const row = first === "hand" ? { hand: a, tape: b } : { hand: b, tape: a };
    rows.push(row);
    const f = (x: number) => x.toFixed(2).padStart(8);
    console.log(`${String(r + 1).padStart(5)} ${f(row.hand.wall)}s ${f(row.tape.wall)}s ${(row.tape.wall / row.hand.wall).toFixed(3).padStart(6)}` +
      ` ${f(row.hand.steps)}s  ${f(row.tape.steps)}s ${(row.tape.steps / row.hand.steps).toFixed(3).padStart(6)}` +
      `   ${row.hand.testAcc.toFixed(4)} / ${row.tape.testAcc.toFixed(4)}`);
  }
  const med = (k: "wall" | "steps", s: "hand" | "tape") => median(rows.map((r) => r[s][k]));
  console.log(`median wall: hand ${med("wall", "hand").toFixed(2)} s, tape ${med("wall", "tape").toFixed(2)} s; ` +
    `median ratio tape/hand: wall ${median(rows.map((r) => r.tape.wall / r.hand.wall)).toFixed(3)}, ` +
    `steps ${median(rows.map((r) => r.tape.steps / r.hand.steps)).toFixed(3)} (target <= 1.3)`);
  const { hand, tape } = rows[0]!;
  let worst = 0;
  for (let i = 0; i < iters; i++) worst = Math.max(worst, Math.abs(tape.losses[i]! - hand.losses[i]!) / Math.abs(hand.losses[i]!));
  console.log(`losses, tape vs hand, same seed: worst relative gap ${worst.toExponential(2)} over ${iters} steps; ` +
    `final test accuracy hand ${hand.testAcc.toFixed(4)}, tape ${tape.testAcc.toFixed(4)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
