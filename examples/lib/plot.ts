// Line charts as SVG text, written by hand so the examples need no plotting library: axes with
// "nice" ticks, axis labels, a legend, gaps where values are not finite, and long series reduced
// to their per-pixel min and max so a 10,000-step loss curve keeps its look at a tenth the size.

/** One line on a chart. */
export interface Series {
  readonly name: string;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly color: string;
  readonly width?: number;
  readonly opacity?: number;
  readonly marker?: "circle" | "square";
  /** An SVG dash pattern, e.g. "6 4", so overlapping lines stay apart. */
  readonly dash?: string;
}

/** One chart: where it sits in the picture, its labels, its lines and optional y bounds. */
export interface PanelSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly yMin?: number;
  readonly yMax?: number;
  readonly legend?: "upper right" | "lower right";
}

const FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";

/** Escapes text for SVG. */
export function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A round step near `span / count`: 1, 2 or 5 times a power of ten. */
function niceStep(span: number, count: number): number {
  const raw = span / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * p;
}

/**
 * Axis bounds widened to round numbers and the ticks between them, about `count` of them.
 * @example
 * niceTicks(0.13, 2.31) // { lo: 0, hi: 2.5, step: 0.5, ticks: [0, 0.5, 1, 1.5, 2, 2.5] }
 */
export function niceTicks(
  lo: number,
  hi: number,
  count = 5,
): { lo: number; hi: number; step: number; ticks: number[] } {
  if (!(Number.isFinite(lo) && Number.isFinite(hi))) return niceTicks(0, 1, count);
  if (hi - lo < 1e-12) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
    return niceTicks(lo - pad, hi + pad, count);
  }
  const step = niceStep(hi - lo, count);
  // Rounding to the step's decimals keeps 0.30000000000000004 out of the labels.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  const round = (v: number) => Number(v.toFixed(decimals));
  const a = round(Math.floor(lo / step + 1e-9) * step);
  const b = round(Math.ceil(hi / step - 1e-9) * step);
  const ticks: number[] = [];
  for (let k = 0; a + k * step <= b + step * 1e-9; k++) ticks.push(round(a + k * step));
  return { lo: a, hi: b, step, ticks };
}

/** A tick label: thousands separated, decimals as the step needs. */
export function tickLabel(v: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return v.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Trailing moving average over `window` finite values; non-finite values pass through. */
export function movingAverage(y: ArrayLike<number>, window: number): Float64Array {
  const out = new Float64Array(y.length);
  let sum = 0;
  const buf: number[] = [];
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    buf.push(v);
    sum += v;
    if (buf.length > window) sum -= buf.shift()!;
    out[i] = sum / buf.length;
  }
  return out;
}

/**
 * The points to draw for a series at `pixels` columns: all of them when there are few, else
 * each column's first, min, max and last point, so spikes survive the reduction. Non-finite
 * values become NaN entries that break the line.
 */
export function reduceSeries(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  x0: number,
  x1: number,
  pixels: number,
): [number, number][] {
  const n = Math.min(x.length, y.length);
  const pts: [number, number][] = [];
  if (n <= 2 * pixels) {
    for (let i = 0; i < n; i++) pts.push([x[i]!, Number.isFinite(y[i]!) ? y[i]! : NaN]);
    return pts;
  }
  const col = (v: number) => Math.min(pixels - 1, Math.max(0, Math.floor(((v - x0) / (x1 - x0 || 1)) * pixels)));
  let i = 0;
  while (i < n) {
    const c = col(x[i]!);
    let j = i,
      lo = i,
      hi = i,
      gap = false;
    while (j < n && col(x[j]!) === c) {
      const v = y[j]!;
      if (!Number.isFinite(v)) gap = true;
      else {
        if (!Number.isFinite(y[lo]!) || v < y[lo]!) lo = j;
        if (!Number.isFinite(y[hi]!) || v > y[hi]!) hi = j;
      }
      j++;
    }
    const keep = [...new Set([i, lo, hi, j - 1])].sort((a, b) => a - b);
    for (const k of keep) pts.push([x[k]!, Number.isFinite(y[k]!) ? y[k]! : NaN]);
    if (gap) pts.push([x[j - 1]!, NaN]);
    i = j;
  }
  return pts;
}

function bounds(series: readonly Series[], axis: "x" | "y"): [number, number] {
  let lo = Infinity,
    hi = -Infinity;
  for (const s of series) {
    const a = s[axis];
    for (let i = 0; i < a.length; i++) {
      const v = a[i]!;
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  return [lo, hi];
}

const f1 = (v: number) => (Math.round(v * 10) / 10).toString();

/** One chart as an SVG group. */
export function panel(spec: PanelSpec): string {
  const m = { left: 68, right: 34, top: 34, bottom: 52 };
  const px = spec.x + m.left,
    py = spec.y + m.top;
  const pw = spec.width - m.left - m.right,
    ph = spec.height - m.top - m.bottom;
  const [xa, xb] = bounds(spec.series, "x");
  const [ya, yb] = bounds(spec.series, "y");
  const xt = niceTicks(xa, xb, 5);
  const yt = niceTicks(spec.yMin ?? ya, spec.yMax ?? yb, 5);
  const sx = (v: number) => px + ((v - xt.lo) / (xt.hi - xt.lo)) * pw;
  const sy = (v: number) => py + ph - ((v - yt.lo) / (yt.hi - yt.lo)) * ph;
  const clip = `clip-${Math.round(spec.x)}-${Math.round(spec.y)}`;
  const out: string[] = [];
  out.push(`<g font-family="${FONT}">`);
  out.push(`<clipPath id="${clip}"><rect x="${px}" y="${py}" width="${pw}" height="${ph}"/></clipPath>`);
  out.push(
    `<text x="${px + pw / 2}" y="${spec.y + 20}" text-anchor="middle" font-size="15" font-weight="bold" fill="#222">${esc(spec.title)}</text>`,
  );
  // Grid and ticks.
  for (const t of yt.ticks) {
    const y = f1(sy(t));
    out.push(`<line x1="${px}" x2="${px + pw}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`);
    out.push(`<line x1="${px - 5}" x2="${px}" y1="${y}" y2="${y}" stroke="#444"/>`);
    out.push(
      `<text x="${px - 8}" y="${y}" dy="0.35em" text-anchor="end" font-size="12" fill="#333">${tickLabel(t, yt.step)}</text>`,
    );
  }
  for (const t of xt.ticks) {
    const x = f1(sx(t));
    out.push(`<line x1="${x}" x2="${x}" y1="${py}" y2="${py + ph}" stroke="#e5e5e5"/>`);
    out.push(`<line x1="${x}" x2="${x}" y1="${py + ph}" y2="${py + ph + 5}" stroke="#444"/>`);
    out.push(
      `<text x="${x}" y="${py + ph + 19}" text-anchor="middle" font-size="12" fill="#333">${tickLabel(t, xt.step)}</text>`,
    );
  }
  out.push(`<rect x="${px}" y="${py}" width="${pw}" height="${ph}" fill="none" stroke="#444"/>`);
  out.push(
    `<text x="${px + pw / 2}" y="${py + ph + 42}" text-anchor="middle" font-size="13" fill="#222">${esc(spec.xLabel)}</text>`,
  );
  out.push(
    `<text transform="translate(${spec.x + 18} ${py + ph / 2}) rotate(-90)" text-anchor="middle" font-size="13" fill="#222">${esc(spec.yLabel)}</text>`,
  );
  // Lines.
  for (const s of spec.series) {
    const pts = reduceSeries(s.x, s.y, xt.lo, xt.hi, Math.ceil(pw));
    let d = "";
    let pen = false;
    for (const [x, y] of pts) {
      if (Number.isNaN(y)) {
        pen = false;
        continue;
      }
      d += `${pen ? "L" : "M"}${f1(sx(x))} ${f1(sy(y))}`;
      pen = true;
    }
    const attrs = `stroke="${s.color}" stroke-width="${s.width ?? 1.5}"${s.opacity !== undefined ? ` stroke-opacity="${s.opacity}"` : ""}${
      s.dash ? ` stroke-dasharray="${s.dash}"` : ""
    }`;
    if (d) out.push(`<path d="${d}" fill="none" ${attrs} stroke-linejoin="round" clip-path="url(#${clip})"/>`);
    if (s.marker) {
      for (const [x, y] of pts) {
        if (Number.isNaN(y)) continue;
        out.push(marker(s.marker, sx(x), sy(y), s.color));
      }
    }
  }
  // Legend.
  const rowH = 20,
    boxW = Math.max(...spec.series.map((s) => s.name.length)) * 7.2 + 52,
    boxH = spec.series.length * rowH + 10;
  const lx = px + pw - boxW - 10;
  const ly = spec.legend === "lower right" ? py + ph - boxH - 10 : py + 10;
  out.push(
    `<rect x="${f1(lx)}" y="${f1(ly)}" width="${f1(boxW)}" height="${boxH}" fill="#fff" fill-opacity="0.9" stroke="#ccc" rx="3"/>`,
  );
  spec.series.forEach((s, i) => {
    const y = ly + 5 + rowH * i + rowH / 2;
    out.push(
      `<line x1="${f1(lx + 8)}" x2="${f1(lx + 34)}" y1="${f1(y)}" y2="${f1(y)}" stroke="${s.color}" stroke-width="${Math.max(2, s.width ?? 1.5)}"${
        s.opacity !== undefined ? ` stroke-opacity="${Math.max(s.opacity, 0.6)}"` : ""
      }${s.dash ? ` stroke-dasharray="${s.dash}"` : ""}/>`,
    );
    if (s.marker) out.push(marker(s.marker, lx + 21, y, s.color));
    out.push(`<text x="${f1(lx + 42)}" y="${f1(y)}" dy="0.35em" font-size="12" fill="#222">${esc(s.name)}</text>`);
  });
  out.push(`</g>`);
  return out.join("\n");
}

function marker(kind: "circle" | "square", x: number, y: number, color: string): string {
  // A hollow circle around a small filled square: where two series meet, both stay visible.
  return kind === "circle"
    ? `<circle cx="${f1(x)}" cy="${f1(y)}" r="5" fill="#fff" stroke="${color}" stroke-width="2"/>`
    : `<rect x="${f1(x - 2.5)}" y="${f1(y - 2.5)}" width="5" height="5" fill="${color}"/>`;
}

/** What the training plot shows. */
export interface TrainingPlotInput {
  readonly title: string;
  readonly subtitle?: string;
  /** The loss of every step, step i at x = i. */
  readonly losses: ArrayLike<number>;
  /** The accuracy evaluations, in order. */
  readonly evals: readonly { readonly iter: number; readonly train_acc: number; readonly test_acc: number }[];
  /** Steps in the moving average (default: about 1% of the steps, at least 10, at most 200). */
  readonly smooth?: number;
}

/**
 * The seed's figure as one SVG: the loss per step (raw and smoothed) beside the train and test
 * accuracy per evaluation, each with axes, labels and a legend.
 * @example
 * writeFileSync("plot.svg", trainingPlot({ title: "train-mnist", losses, evals }));
 */
export function trainingPlot(p: TrainingPlotInput): string {
  const W = 1200,
    H = 500,
    top = 56;
  const n = p.losses.length;
  const window = p.smooth ?? Math.min(200, Math.max(10, Math.round(n / 100)));
  const steps = Float64Array.from({ length: n }, (_, i) => i);
  const iters = p.evals.map((e) => e.iter);
  const last = p.evals[p.evals.length - 1];
  const fmt = (v: number | undefined) => (v === undefined ? "" : ` (final ${v.toFixed(4)})`);
  const loss = panel({
    title: "Training loss",
    xLabel: "iteration",
    yLabel: "cross-entropy loss",
    x: 0,
    y: top,
    width: W / 2,
    height: H - top,
    yMin: 0,
    legend: "upper right",
    series: [
      { name: "loss per step", x: steps, y: p.losses, color: "#7fb2dd", width: 1, opacity: 0.55 },
      {
        name: `moving average (${window} steps)`,
        x: steps,
        y: movingAverage(p.losses, window),
        color: "#0b4f8a",
        width: 2.2,
      },
    ],
  });
  const acc = panel({
    title: "Accuracy",
    xLabel: "iteration",
    yLabel: "accuracy",
    x: W / 2,
    y: top,
    width: W / 2,
    height: H - top,
    yMax: 1,
    legend: "lower right",
    series: [
      {
        name: `train${fmt(last?.train_acc)}`,
        x: iters,
        y: p.evals.map((e) => e.train_acc),
        color: "#d9480f",
        width: 2,
        marker: "circle",
      },
      {
        name: `test${fmt(last?.test_acc)}`,
        x: iters,
        y: p.evals.map((e) => e.test_acc),
        color: "#2b8a3e",
        width: 2,
        marker: "square",
        dash: "6 4",
      },
    ],
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="24" y="30" font-family="${FONT}" font-size="19" font-weight="bold" fill="#111">${esc(p.title)}</text>`,
    p.subtitle ? `<text x="24" y="50" font-family="${FONT}" font-size="13" fill="#555">${esc(p.subtitle)}</text>` : "",
    loss,
    acc,
    `</svg>`,
  ].join("\n");
}
