import type { Buf } from "./dtype.js";

// NumPy summarizes arrays over 1000 elements to their first and last 3 items per axis.
const THRESHOLD = 1000;
const EDGE = 3;
const PRECISION = 4;

/** The indices to show along an axis of length n: all, or the edges with -1 marking the "...". */
function shown(n: number, summarize: boolean): number[] {
  if (!summarize || n <= 2 * EDGE) return Array.from({ length: n }, (_, i) => i);
  return [0, 1, 2, -1, n - 3, n - 2, n - 1];
}

/**
 * Formats numbers like NumPy's default printing: a shared number of decimals (at most 4, trailing
 * zeros trimmed but kept equal across the array), whole floats as `1.`, scientific notation when
 * magnitudes span too far, all padded to one width.
 */
function formatter(values: number[]): (x: number) => string {
  const finite = values.filter((v) => Number.isFinite(v));
  const maxAbs = finite.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const minAbs = finite.filter((v) => v !== 0).reduce((m, v) => Math.min(m, Math.abs(v)), Infinity);
  const sci = finite.length > 0 && (maxAbs >= 1e8 || (minAbs < 1e-4 && minAbs !== Infinity) || maxAbs / minAbs > 1e3 && minAbs < 1e-3);
  const special = (x: number) => (Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf");
  let body: (x: number) => string;
  if (sci) {
    body = (x) => (Number.isFinite(x) ? x.toExponential(PRECISION).replace(/e([+-])(\d)$/, "e$10$2") : special(x));
  } else {
    let decimals = 0;
    for (const v of finite) {
      const s = v.toFixed(PRECISION).replace(/0+$/, "");
      decimals = Math.max(decimals, s.length - s.indexOf(".") - 1);
    }
    body = (x) => {
      if (!Number.isFinite(x)) return special(x);
      const s = x.toFixed(decimals);
      return decimals === 0 ? `${s}.` : s;
    };
  }
  const width = values.reduce((w, v) => Math.max(w, body(v).length), 0);
  return (x) => body(x).padStart(width);
}

function row(data: Buf, offset: number, cols: number[], fmt: (x: number) => string): string {
  return "[" + cols.map((j) => (j < 0 ? "..." : fmt(data[offset + j]!))).join(", ") + "]";
}

const dtypeName = { f32: "float32", f64: "float64" } as const;

export function formatMatrix(rows: number, cols: number, data: Buf, dtype: "f32" | "f64"): string {
  const summarize = rows * cols > THRESHOLD;
  const ri = shown(rows, summarize);
  const ci = shown(cols, summarize);
  const values: number[] = [];
  for (const i of ri) if (i >= 0) for (const j of ci) if (j >= 0) values.push(data[i * cols + j]!);
  const fmt = formatter(values);
  const lines = ri.map((i) => (i < 0 ? "...," : row(data, i * cols, ci, fmt)));
  const head = `matrix(`;
  const pad = " ".repeat(head.length + 1);
  const inner = lines.map((l, k) => (k === 0 ? l : pad + l)).join(",\n").replace(/\.\.\.,,/g, "...,");
  return `${head}[${rows === 0 ? "" : inner}], shape=[${rows}, ${cols}], dtype=${dtypeName[dtype]})`;
}

export function formatVector(size: number, data: Buf, dtype: "f32" | "f64"): string {
  const ci = shown(size, size > THRESHOLD);
  const fmt = formatter(ci.filter((j) => j >= 0).map((j) => data[j]!));
  return `vector(${row(data, 0, ci, fmt)}, shape=[${size}], dtype=${dtypeName[dtype]})`;
}
