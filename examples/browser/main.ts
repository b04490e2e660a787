// The page: starts the training worker, plots its losses as they arrive, lists per-epoch
// accuracies and steps per second, and classifies what a person draws on the pad. Query
// parameters: ?epochs=E&steps=N&seed=S (default: the seed's run, 10000 steps of batch 100).
import { toMnistInput } from "./preprocess.js";
import type { FromWorker, ToWorker, TrainConfig } from "./protocol.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const query = new URLSearchParams(location.search);
const num = (name: string, fallback: number) => {
  const v = Number(query.get(name) ?? fallback);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const seed = Number(query.get("seed") ?? 0);
const config: TrainConfig = {
  seed: Number.isInteger(seed) && seed >= 0 ? seed : 0,
  hidden: 50,
  lr: 0.1,
  batch: 100,
  epochs: num("epochs", 17),
  maxSteps: num("steps", 10000),
};
const totalSteps = Math.min(config.maxSteps, config.epochs * Math.floor(60000 / config.batch));
$("config").textContent = `784-${config.hidden}-10 sigmoid, softmax cross-entropy, SGD lr ${config.lr}, batch ${
  config.batch
}, seed ${config.seed}: ${totalSteps} steps (${(totalSteps / (60000 / config.batch)).toFixed(1)} epochs)`;

const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
const send = (m: ToWorker, transfer: Transferable[] = []) => worker.postMessage(m, transfer);

// ---- training view ----
let losses = new Float32Array(16384);
let count = 0;
const epochSteps: number[] = [];

function start(): void {
  count = 0;
  epochSteps.length = 0;
  $("epochs").querySelector("tbody")!.replaceChildren();
  document.body.dataset.state = "training";
  send({ type: "start", config });
}

function plotLosses(): void {
  const c = $<HTMLCanvasElement>("loss-curve");
  const ctx = c.getContext("2d")!;
  const W = c.width,
    H = c.height,
    L = 40,
    B = 22,
    T = 10,
    R = 10;
  ctx.clearRect(0, 0, W, H);
  const yMax = 2.5;
  const xMax = Math.max(count, 100);
  const px = (i: number) => L + ((W - L - R) * i) / xMax;
  const py = (v: number) => T + (H - T - B) * (1 - Math.min(v, yMax) / yMax);
  ctx.strokeStyle = "#ccc";
  ctx.fillStyle = "#666";
  ctx.font = "11px system-ui";
  for (let v = 0; v <= yMax; v += 0.5) {
    ctx.beginPath();
    ctx.moveTo(L, py(v));
    ctx.lineTo(W - R, py(v));
    ctx.stroke();
    ctx.fillText(v.toFixed(1), 8, py(v) + 4);
  }
  ctx.fillText(`step ${count}`, W - R - 70, H - 6);
  ctx.fillText("loss", L + 4, T + 10);
  ctx.strokeStyle = "#e0a030";
  for (const s of epochSteps) {
    ctx.beginPath();
    ctx.moveTo(px(s), T);
    ctx.lineTo(px(s), H - B);
    ctx.stroke();
  }
  // Each step's loss, faint; a 50-step moving average over it.
  ctx.strokeStyle = "rgba(59, 125, 216, 0.25)";
  ctx.beginPath();
  for (let i = 0; i < count; i++) (i === 0 ? ctx.moveTo : ctx.lineTo).call(ctx, px(i), py(losses[i]!));
  ctx.stroke();
  ctx.strokeStyle = "#1d4f9c";
  ctx.lineWidth = 2;
  ctx.beginPath();
  let sum = 0;
  for (let i = 0; i < count; i++) {
    sum += losses[i]! - (i >= 50 ? losses[i - 50]! : 0);
    const avg = sum / Math.min(i + 1, 50);
    (i === 0 ? ctx.moveTo : ctx.lineTo).call(ctx, px(i), py(avg));
  }
  ctx.stroke();
  ctx.lineWidth = 1;
}

worker.onmessage = (ev: MessageEvent<FromWorker>) => {
  const m = ev.data;
  switch (m.type) {
    case "status":
      $("status").textContent = m.text;
      break;
    case "loaded":
      $("kernels").textContent = m.wasm === "ok" ? "WebAssembly SIMD" : `TypeScript (wasm ${m.wasm})`;
      break;
    case "progress": {
      if (count + m.losses.length > losses.length) {
        const grown = new Float32Array(Math.max(losses.length * 2, count + m.losses.length));
        grown.set(losses.subarray(0, count));
        losses = grown;
      }
      losses.set(m.losses, count);
      count += m.losses.length;
      $("step").textContent = String(m.step);
      $("steps-per-sec").textContent = m.stepsPerSec.toFixed(0);
      $("loss").textContent = losses[count - 1]!.toFixed(3);
      $("loss").dataset.value = String(losses[count - 1]);
      plotLosses();
      break;
    }
    case "epoch": {
      epochSteps.push(m.step);
      const row = document.createElement("tr");
      for (const v of [String(m.epoch), String(m.step), m.trainAcc.toFixed(4), m.testAcc.toFixed(4)]) {
        row.appendChild(document.createElement("td")).textContent = v;
      }
      $("epochs").querySelector("tbody")!.appendChild(row);
      plotLosses();
      classify();
      break;
    }
    case "done":
      $("status").textContent = `done: ${m.step} steps, test accuracy ${m.testAcc.toFixed(4)}, ${m.stepsPerSec.toFixed(
        0,
      )} steps/s over ${(m.trainMs / 1000).toFixed(2)} s of training`;
      $("steps-per-sec").textContent = m.stepsPerSec.toFixed(0);
      $("steps-per-sec").dataset.final = m.stepsPerSec.toFixed(1);
      document.body.dataset.state = "done";
      document.body.dataset.testAcc = m.testAcc.toFixed(4);
      classify();
      break;
    case "prediction":
      showPrediction(m.id, m.probs);
      break;
    case "error":
      $("status").textContent = `error: ${m.message}`;
      document.body.dataset.state = "error";
      break;
  }
};

$("start").onclick = () => {
  if (document.body.dataset.state !== "training") start();
};
$("stop").onclick = () => send({ type: "stop" });

// ---- drawing pad ----
const pad = $<HTMLCanvasElement>("pad");
const pctx = pad.getContext("2d", { willReadFrequently: true })!;
pctx.lineCap = "round";
pctx.lineJoin = "round";
pctx.lineWidth = 22;
pctx.strokeStyle = "#fff";
let drawing = false;
let last: [number, number] = [0, 0];
let requestId = 0;

const at = (e: PointerEvent): [number, number] => {
  const r = pad.getBoundingClientRect();
  return [((e.clientX - r.left) * pad.width) / r.width, ((e.clientY - r.top) * pad.height) / r.height];
};
pad.addEventListener("pointerdown", (e) => {
  drawing = true;
  pad.setPointerCapture(e.pointerId);
  last = at(e);
  pctx.beginPath();
  pctx.arc(last[0], last[1], pctx.lineWidth / 2, 0, 2 * Math.PI);
  pctx.fillStyle = "#fff";
  pctx.fill();
});
pad.addEventListener("pointermove", (e) => {
  if (!drawing) return;
  const p = at(e);
  pctx.beginPath();
  pctx.moveTo(last[0], last[1]);
  pctx.lineTo(p[0], p[1]);
  pctx.stroke();
  last = p;
});
const end = () => {
  if (!drawing) return;
  drawing = false;
  classify();
};
pad.addEventListener("pointerup", end);
pad.addEventListener("pointercancel", end);
$("clear").onclick = () => {
  pctx.clearRect(0, 0, pad.width, pad.height);
  $<HTMLCanvasElement>("seen").getContext("2d")!.clearRect(0, 0, 28, 28);
  $("prediction").textContent = "–";
  $("probs").replaceChildren();
};

/** Sends the drawing, in MNIST's convention, to the worker (which holds the current weights). */
function classify(): void {
  const { data } = pctx.getImageData(0, 0, pad.width, pad.height);
  const ink = new Float32Array(pad.width * pad.height);
  for (let i = 0; i < ink.length; i++) ink[i] = data[i * 4]! / 255;
  const pixels = toMnistInput({ size: pad.width, ink });
  if (pixels === null) return;
  const seen = $<HTMLCanvasElement>("seen").getContext("2d")!;
  const img = seen.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const v = Math.round(pixels[i]! * 255);
    img.data.set([v, v, v, 255], i * 4);
  }
  seen.putImageData(img, 0, 0);
  send({ type: "predict", id: ++requestId, pixels }, [pixels.buffer]);
}

function showPrediction(id: number, probs: Float32Array): void {
  if (id !== requestId) return; // an older drawing's answer
  let best = 0;
  for (let k = 1; k < probs.length; k++) if (probs[k]! > probs[best]!) best = k;
  const el = $("prediction");
  el.textContent = String(best);
  el.dataset.id = String(id);
  const items = Array.from(probs, (p, k) => {
    const li = document.createElement("li");
    if (k === best) li.className = "top";
    li.innerHTML =
      `<span class="digit">${k}</span><span class="p">${(p * 100).toFixed(1)}%</span>` +
      `<span class="bar" style="width:${(p * 300).toFixed(1)}px"></span>`;
    return li;
  });
  $("probs").replaceChildren(...items);
}

start();
