import { createTrainer, initTwoLayer, loadMnist, rng, sgd } from "/work/wt-h10/src/index.js";
import { createAutodiffTrainer } from "/work/wt-h10/examples/lib/autodiff-trainer.js";
import { mnistDir } from "/work/wt-h10/bench/mnist-rows.js";
const { train } = await loadMnist(mnistDir());
const g = rng(0);
const params = initTwoLayer(g, 784, 50, 10);
const t = process.env.HAND ? createTrainer(params, 100, { optimizer: sgd({ lr: 0.1 }) }) : createAutodiffTrainer(params, 100, { optimizer: sgd({ lr: 0.1 }) });
const idx = new Int32Array(100);
const t0 = performance.now();
for (let i = 0; i < 3000; i++) { g.fillInts(idx, 60000); t.stepRows(train.images, train.labels, idx); }
console.log((performance.now() - t0) / 3000, "ms/step");
