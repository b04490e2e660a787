// The messages between the page (main.ts) and the training worker (worker.ts).

/** The raw IDX files the dev server serves under /mnist/ and the worker fetches. */
export const MNIST_NAMES = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
} as const;

/** The seed's run: 784-50-10 sigmoid, softmax cross-entropy, SGD, batches drawn with replacement. */
export interface TrainConfig {
  readonly seed: number;
  readonly hidden: number;
  readonly lr: number;
  readonly batch: number;
  /** Passes over the training set (an epoch is 60000 / batch steps). */
  readonly epochs: number;
  /** Stop after this many steps even mid-epoch (the browser test trains a few hundred). */
  readonly maxSteps: number;
}

export type ToWorker =
  | { readonly type: "start"; readonly config: TrainConfig }
  | { readonly type: "stop" }
  /** 784 pixels in [0, 1], row-major, white digit on black as in MNIST. */
  | { readonly type: "predict"; readonly id: number; readonly pixels: Float32Array };

export type FromWorker =
  | { readonly type: "status"; readonly text: string }
  | {
      readonly type: "loaded";
      readonly trainSize: number;
      readonly testSize: number;
      readonly loadMs: number;
      readonly wasm: string;
    }
  /** Losses of the steps since the last message; stepsPerSec counts training time only (no evaluation). */
  | { readonly type: "progress"; readonly step: number; readonly losses: Float32Array; readonly stepsPerSec: number }
  | {
      readonly type: "epoch";
      readonly epoch: number;
      readonly step: number;
      readonly trainAcc: number;
      readonly testAcc: number;
    }
  | {
      readonly type: "done";
      readonly step: number;
      readonly testAcc: number;
      readonly stepsPerSec: number;
      readonly trainMs: number;
    }
  | { readonly type: "prediction"; readonly id: number; readonly probs: Float32Array; readonly step: number }
  | { readonly type: "error"; readonly message: string };
