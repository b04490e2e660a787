// The seed's network, step by step: a 784-50-10 network with a sigmoid hidden layer, trained on
// MNIST with minibatch SGD (batch 100, learning rate 0.1, weights N(0, 0.01²), seed 0), written
// with the library's ops, the way the seed's NumPy reads. Hover any variable to see its shape:
// a slip such as dot(dA2, W2) instead of dot(dA2, W2.T) does not compile.
// Run: `npx tsx examples/02-seed-two-layer.ts` (10,000 steps, a minute or two; the accuracy is
// printed once per epoch of 600 steps). test/examples/02-seed-two-layer.test.ts runs 1,200.
import {
  accuracy,
  add,
  axpy,
  dot,
  initTwoLayer,
  rng,
  sigmoid,
  sigmoidBackward,
  softmaxCrossEntropy,
  softmaxCrossEntropyBackward,
  sum,
  takeLabels,
  takeRows,
  twoLayer,
} from "../src/index.js";
import { loadMnist } from "../src/node.js";

const BATCH = 100;
const LR = 0.1;

/** One line per epoch: the step it ended at and the accuracy on each split. */
export interface EpochLog {
  readonly step: number;
  readonly loss: number;
  readonly trainAcc: number;
  readonly testAcc: number;
}

export async function main(steps = 10_000, log: (line: string) => void = console.log): Promise<EpochLog[]> {
  const { train, test } = await loadMnist(); // images: Matrix<60000, 784> and Matrix<10000, 784>
  const g = rng(0); // one generator draws the weights, then every minibatch
  const net = twoLayer(initTwoLayer(g, 784, 50, 10)); // sigmoid, the default; used for accuracy
  const { W1, b1, W2, b2 } = net.params; // Matrix<784, 50>, Vector<50>, Matrix<50, 10>, Vector<10>
  const epoch = train.images.rows / BATCH; // 600 steps
  const idx = new Int32Array(BATCH);
  const logs: EpochLog[] = [];

  for (let step = 1; step <= steps; step++) {
    // A minibatch: 100 rows drawn with replacement (the seed's np.random.choice).
    g.fillInts(idx, train.images.rows);
    const X = takeRows(train.images, idx, BATCH); // Matrix<100, 784>
    const y = takeLabels(train.labels, idx, BATCH); // Labels<100>

    // Forward: affine, sigmoid, affine, then softmax fused with cross-entropy.
    const a1 = add(dot(X, W1), b1); // Matrix<100, 50>
    const z1 = sigmoid(a1); // Matrix<100, 50>
    const a2 = add(dot(z1, W2), b2); // Matrix<100, 10>
    const { loss, cache } = softmaxCrossEntropy(a2, y);

    // Backward: each gradient has exactly its parameter's shape.
    const dA2 = softmaxCrossEntropyBackward(cache); // (ŷ - t) / 100: Matrix<100, 10>
    const dW2 = dot(z1.T, dA2); // Matrix<50, 10>
    const db2 = sum(dA2, 0); // Vector<10>
    const dZ1 = dot(dA2, W2.T); // Matrix<100, 50>
    const dA1 = sigmoidBackward(dZ1, z1); // dZ1 · z1(1 - z1), from sigmoid's output
    const dW1 = dot(X.T, dA1); // Matrix<784, 50>
    const db1 = sum(dA1, 0); // Vector<50>

    // SGD: p -= lr · dp, in place.
    axpy(W1, -LR, dW1);
    axpy(b1, -LR, db1);
    axpy(W2, -LR, dW2);
    axpy(b2, -LR, db2);

    if (step % epoch === 0 || step === steps) {
      const trainAcc = accuracy(net, train.images, train.labels);
      const testAcc = accuracy(net, test.images, test.labels);
      logs.push({ step, loss, trainAcc, testAcc });
      log(`step ${step}: loss ${loss.toFixed(4)}, train acc ${trainAcc.toFixed(4)}, test acc ${testAcc.toFixed(4)}`);
    }
  }
  return logs;
}

// Run when executed (`npx tsx examples/02-seed-two-layer.ts`), not when a test imports main.
if (process.argv[1] === decodeURIComponent(new URL(import.meta.url).pathname)) await main();
