// A checkpoint: everything a run needs to continue bit for bit (parameters, optimizer state, the
// generator's state, the step, the evaluations so far), in one safetensors file written
// atomically. The tensors are the parameters ("params.W1") and the optimizer's arrays
// ("optim.W1.v"); the rest is JSON in the metadata. The losses so far are in losses.f64, which is
// synced before the checkpoint that counts them.
import { readFile } from "node:fs/promises";
import {
  decodeSafetensors,
  encodeSafetensors,
  paramEntries,
  tensorValues,
  type Optimizer,
  type OptimizerState,
  type RngState,
  type TensorEntry,
} from "../../src/index.js";
import { writeFileAtomic } from "../../src/node.js";
import { EXIT, fsStep, RunError } from "./exit-codes.js";

/** What a checkpoint needs of a trainer: any object with the params it trains and its optimizer. */
export interface Checkpointable {
  readonly params: object;
  readonly optimizer: Optimizer;
}

/**
 * The training loop's view of a trainer: one step on rows `indices` of X returning the loss, plus
 * what a checkpoint saves. createTrainer's trainer is one; any other with this shape (an autodiff
 * trainer, say) plugs into the loop unchanged.
 */
export interface StepTrainer<X, L> extends Checkpointable {
  stepRows(X: X, labels: L, indices: Int32Array): number;
  /** The next step's rows, announced so a helper thread gathers them meanwhile (a hint). */
  prefetch(X: X, labels: L, indices: Int32Array): void;
}

/** One accuracy evaluation after step `iter` (0-based, as the seed counts). */
export interface EpochRecord {
  iter: number;
  loss: number;
  train_acc: number;
  test_acc: number;
}

/** The run's state besides the tensors. */
export interface RunState {
  /** The next step to run (steps 0 .. step-1 are done). */
  readonly step: number;
  readonly config: Record<string, string | number>;
  readonly epochs: readonly EpochRecord[];
  readonly rng: RngState;
  readonly trainMs: number;
  readonly evalMs: number;
  /** The run's wall clock so far (steps and evaluations overlap, so not their sum); absent in
   * checkpoints written before evaluations ran in the background. */
  readonly wallMs?: number;
  /** The steps at which earlier sessions resumed. */
  readonly resumedAt: readonly number[];
}

const META_KEY = "train-mnist.checkpoint";

/** Whether every parameter is finite (a checkpoint of NaNs would be no checkpoint at all). */
export function allFinite(params: object): boolean {
  for (const [, p] of paramEntries(params as never, "checkpoint")) {
    const d = p.data;
    for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i]!)) return false;
  }
  return true;
}

const dtypeOf = (a: Float32Array | Float64Array) => (a instanceof Float32Array ? "F32" : "F64");

/** Writes the checkpoint to `file` atomically. */
export async function saveCheckpoint(file: string, trainer: Checkpointable, state: RunState): Promise<void> {
  const entries: TensorEntry[] = paramEntries(trainer.params as never, "checkpoint").map(([name, p]) => ({
    name: `params.${name}`,
    dtype: dtypeOf(p.data),
    shape: [p.data.length],
    data: p.data,
  }));
  const scalars: Record<string, number> = {};
  for (const [name, v] of Object.entries(trainer.optimizer.state?.(trainer.params as never) ?? {})) {
    if (typeof v === "number") scalars[name] = v;
    else entries.push({ name: `optim.${name}`, dtype: dtypeOf(v), shape: [v.length], data: v });
  }
  const bytes = encodeSafetensors(
    entries,
    { [META_KEY]: JSON.stringify({ version: 1, ...state, optimizerScalars: scalars }) },
    file,
  );
  await fsStep(`write the checkpoint ${file}`, () => writeFileAtomic(file, bytes));
}

/** A checkpoint read back: its state, and a function that puts its tensors into a trainer. */
export interface LoadedCheckpoint {
  readonly state: RunState;
  restore(trainer: Checkpointable): void;
}

/** Reads and checks a checkpoint; a refused file is a RunError (exit 1) naming it. */
export async function loadCheckpoint(file: string): Promise<LoadedCheckpoint> {
  const bytes = await fsStep(`read the checkpoint ${file}`, () => readFile(file));
  const bad = (why: string) => new RunError(`${file}: not a usable checkpoint: ${why}`, EXIT.failed);
  let decoded: ReturnType<typeof decodeSafetensors>;
  try {
    decoded = decodeSafetensors(bytes, file);
  } catch (e) {
    throw bad((e as Error).message);
  }
  const { tensors, metadata } = decoded;
  let meta: RunState & { version: number; optimizerScalars: Record<string, number> };
  try {
    meta = JSON.parse(metadata[META_KEY] ?? "null");
  } catch {
    throw bad(`its "${META_KEY}" metadata is not JSON`);
  }
  if (meta?.version !== 1 || !Number.isSafeInteger(meta.step) || typeof meta.config !== "object") {
    throw bad(`no "${META_KEY}" metadata of version 1`);
  }
  return {
    state: meta,
    restore(trainer) {
      // Everything is checked before anything is copied.
      const copies: [Float32Array | Float64Array, Float32Array | Float64Array][] = [];
      const take = (name: string, into: Float32Array | Float64Array) => {
        const t = tensors.get(name);
        if (t === undefined) throw bad(`it has no tensor "${name}"`);
        const v = tensorValues(t, undefined, file, name);
        if (v.length !== into.length || v.constructor !== into.constructor) {
          throw bad(`"${name}" holds ${v.length} ${t.dtype} values, the network needs ${into.length}`);
        }
        copies.push([into, v]);
        return v;
      };
      for (const [name, p] of paramEntries(trainer.params as never, "checkpoint")) {
        const v = take(`params.${name}`, p.data);
        if (!v.every(Number.isFinite)) throw bad(`"params.${name}" is not finite`);
      }
      const opt: Record<string, Float32Array | Float64Array | number> = { ...meta.optimizerScalars };
      for (const [name, v] of Object.entries(trainer.optimizer.state?.(trainer.params as never) ?? {})) {
        if (typeof v !== "number") opt[name] = take(`optim.${name}`, v.slice());
      }
      for (const [into, v] of copies) into.set(v);
      try {
        trainer.optimizer.loadState?.(trainer.params as never, opt as OptimizerState);
      } catch (e) {
        throw bad((e as Error).message);
      }
    },
  };
}
