// What a finished run leaves in its directory, written in an order that keeps the work safe:
// the model first (the most valuable file), then metrics.json, the plots, and run.json last, which
// lists every file with its SHA-256 so that they are known to belong to one run. The checkpoint
// is removed only after that.
import { rm } from "node:fs/promises";
import path from "node:path";
import type { ParamTree } from "../../src/index.js";
import { saveSafetensors, writeFileAtomic } from "../../src/node.js";
import type { EpochRecord } from "./checkpoint.js";
import { fsReason, fsStep, EXIT, RunError } from "./exit-codes.js";
import { LOSS_BYTES } from "./loss-log.js";
import { trainingPlot } from "./plot.js";
import type { Out } from "./progress.js";
import { canRenderText, renderPng } from "./render-png.js";
import { RUN_FILES, writeManifest } from "./run-dir.js";

/** What metrics.json holds. */
export interface Metrics {
  /** The id that run.json also carries. */
  run_id: string;
  config: Record<string, string | number>;
  load_s: number;
  /** Before the first step: compressing the images (sparseRows), making the evaluation sets
   * (which waits for the helper thread to start) and the first prefetch. */
  setup_s: number;
  /** From the first step to the end of the loop's last evaluation (the final accuracies after it
   * are outside, as in the seed's NumPy program), less checkpoint writes and pauses, summed over
   * the sessions of a resumed run. Evaluations run on helper threads while training goes on, so
   * this is less than train_s + eval_s would have been on one thread. */
  wall_s: number;
  /** Time in training steps only, and the calling thread's time in evaluations (starting them,
   * waiting for them, and the final one). */
  train_s: number;
  eval_s: number;
  /** Training steps per second of step time. */
  steps_per_s: number;
  /** The steps at which the run was resumed from a checkpoint (empty for one session). */
  resumed_at: number[];
  epochs: EpochRecord[];
  final: { train_acc: number; test_acc: number };
  /** Where the loss of every step is: a binary file, not a JSON array (a long run's would not fit a string). */
  losses: { file: string; format: string; count: number };
}

/** Everything writeRunOutputs needs. */
export interface RunOutputs<P> {
  readonly dir: string;
  readonly params: P;
  readonly modelMetadata: Record<string, string>;
  readonly metrics: Omit<Metrics, "losses">;
  readonly losses: Float64Array;
  readonly plot: {
    title: string;
    subtitle: string;
    evals: readonly { iter: number; train_acc: number; test_acc: number }[];
  };
  readonly stderr: Out;
}

/** Writes model, metrics, plots and manifest in that order; returns the files written. */
export async function writeRunOutputs<P extends ParamTree<P>>(o: RunOutputs<P>): Promise<string[]> {
  const at = (f: string) => path.join(o.dir, f);
  try {
    await saveSafetensors(at(RUN_FILES.model), o.params, o.modelMetadata);
  } catch (e) {
    throw new RunError(`cannot write the model: ${(e as Error).message.split("\n")[0]}`, EXIT.failed);
  }
  const metrics: Metrics = {
    ...o.metrics,
    losses: {
      file: RUN_FILES.losses,
      format: `float64 little-endian, ${LOSS_BYTES} bytes per step`,
      count: o.losses.length,
    },
  };
  await fsStep(`write ${at(RUN_FILES.metrics)}`, () =>
    writeFileAtomic(at(RUN_FILES.metrics), JSON.stringify(metrics, null, 1) + "\n"),
  );
  const svg = trainingPlot({ ...o.plot, losses: o.losses });
  await fsStep(`write ${at(RUN_FILES.plotSvg)}`, () => writeFileAtomic(at(RUN_FILES.plotSvg), svg));
  await fsStep(`write ${at(RUN_FILES.plotPng)}`, () => writeFileAtomic(at(RUN_FILES.plotPng), renderPng(svg)));
  if (!canRenderText()) {
    o.stderr.write(
      "warning: resvg found no font, so plot.png has no text (plot.svg does); install one (e.g. fonts-dejavu-core) or set PLOT_FONT=/path/to/font.ttf\n",
    );
  }
  const files = [RUN_FILES.model, RUN_FILES.metrics, RUN_FILES.losses, RUN_FILES.plotSvg, RUN_FILES.plotPng];
  await writeManifest(o.dir, o.metrics.run_id, files);
  // The run is complete without it; a failure to remove it is only worth a warning.
  await rm(at(RUN_FILES.checkpoint), { force: true }).catch((e) =>
    o.stderr.write(`warning: cannot remove ${at(RUN_FILES.checkpoint)}: ${fsReason(e)}\n`),
  );
  return [...files, RUN_FILES.manifest];
}
