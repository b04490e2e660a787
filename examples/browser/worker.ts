// Trains the seed's network on MNIST in a Web Worker, with the library's root entry point and so
// the same WebAssembly SIMD kernels as in Node (compiled synchronously: allowed in a worker,
// capped on a page's main thread). Streams losses, per-epoch accuracies and steps per second.
import {
  accuracy,
  createTrainer,
  fromTypedArray,
  initTwoLayer,
  mnistFromBytes,
  predict,
  rng,
  sgd,
  type Mnist,
  type TwoLayer,
  twoLayer,
} from "../../src/index.js";
// Diagnostics only: whether the WebAssembly kernels run here, or why not (not a public export).
import { wasmStatus } from "../../src/kernels/wasm/gemm-wasm.js";
import { MNIST_NAMES, type FromWorker, type ToWorker, type TrainConfig } from "./protocol.js";

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

let data: Promise<Mnist> | undefined;
let net: TwoLayer<784, number, 10, "f32"> | undefined;
let step = 0;
let stopRequested = false;
let running = false;

async function fetchBytes(name: string): Promise<{ file: string; bytes: Uint8Array }> {
  const res = await fetch(`/mnist/${name}`);
  if (!res.ok) throw new Error(`GET /mnist/${name}: ${res.status} ${await res.text()}`);
  return { file: name, bytes: new Uint8Array(await res.arrayBuffer()) };
}

async function load(): Promise<Mnist> {
  const t0 = performance.now();
  post({ type: "status", text: "loading MNIST (53 MB from the dev server)…" });
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
    fetchBytes(MNIST_NAMES.trainImages),
    fetchBytes(MNIST_NAMES.trainLabels),
    fetchBytes(MNIST_NAMES.testImages),
    fetchBytes(MNIST_NAMES.testLabels),
  ]);
  const mnist = mnistFromBytes({ trainImages, trainLabels, testImages, testLabels });
  post({
    type: "loaded",
    trainSize: mnist.train.images.rows,
    testSize: mnist.test.images.rows,
    loadMs: performance.now() - t0,
    wasm: wasmStatus(),
  });
  return mnist;
}

/** Lets queued messages (predict, stop) in between chunks of steps. */
const yieldToMessages = () => new Promise<void>((r) => setTimeout(r, 0));

async function train(config: TrainConfig): Promise<void> {
  const { train: tr, test } = await (data ??= load());
  const g = rng(config.seed);
  const p = twoLayer(initTwoLayer(g, 784, config.hidden, 10, { std: 0.01 }));
  net = p;
  const trainer = createTrainer(p, config.batch, { optimizer: sgd({ lr: config.lr }) });
  const perEpoch = Math.floor(tr.images.rows / config.batch);
  const total = Math.min(config.maxSteps, config.epochs * perEpoch);
  const indices = new Int32Array(config.batch);
  const pending: number[] = [];
  let trainMs = 0;
  post({ type: "status", text: `training: ${total} steps` });
  step = 0;
  while (step < total && !stopRequested) {
    // About 50 ms of steps, then report and let messages in.
    const chunkStart = performance.now();
    while (step < total && performance.now() - chunkStart < 50) {
      // The seed's np.random.choice(train_size, batch): with replacement, from the generator that drew the weights.
      g.fillInts(indices, tr.images.rows);
      pending.push(trainer.stepRows(tr.images, tr.labels, indices));
      step++;
      if (step % perEpoch === 0) break;
    }
    trainMs += performance.now() - chunkStart;
    const losses = Float32Array.from(pending.splice(0));
    post({ type: "progress", step, losses, stepsPerSec: (step / trainMs) * 1000 }, [losses.buffer]);
    if (step % perEpoch === 0) {
      post({ type: "status", text: `evaluating after epoch ${step / perEpoch}…` });
      await yieldToMessages();
      post({
        type: "epoch",
        epoch: step / perEpoch,
        step,
        trainAcc: accuracy(p, tr.images, tr.labels),
        testAcc: accuracy(p, test.images, test.labels),
      });
      post({ type: "status", text: `training: ${total} steps` });
    }
    await yieldToMessages();
  }
  post({
    type: "done",
    step,
    testAcc: accuracy(p, test.images, test.labels),
    stepsPerSec: (step / trainMs) * 1000,
    trainMs,
  });
}

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  const m = ev.data;
  if (m.type === "start") {
    if (running) return;
    running = true;
    stopRequested = false;
    train(m.config)
      .catch((e: unknown) => post({ type: "error", message: e instanceof Error ? e.message : String(e) }))
      .finally(() => (running = false));
  } else if (m.type === "stop") {
    stopRequested = true;
  } else if (m.type === "predict") {
    if (net === undefined) return;
    const probs = predict(net, fromTypedArray(m.pixels, 1, 784)).data as Float32Array;
    post({ type: "prediction", id: m.id, probs, step }, [probs.buffer]);
  }
};
