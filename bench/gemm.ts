// GEMM GFLOP/s at the shapes the MNIST network runs, for every kernel we have, with NumPy's
// single-thread figures (OpenBLAS, OPENBLAS_NUM_THREADS=1) measured in the same invocation.
// Run: npx tsx bench/gemm.ts   (part of `npm run bench`)
//
// Every figure counts 2·m·k·n flops per call, also for the zero-skipping kernels: theirs is the
// dense-equivalent rate on real MNIST rows, not work actually done, and is labelled so.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { gemmNaive } from "../src/kernels/gemm-naive.js";
import { gemmBlocked, gemmBlockedSkipZeros, WASM_MIN_MACS } from "../src/kernels/gemm.js";
import {
  allocResident,
  copyStats,
  freeResident,
  gemmWasm,
  reserveResident,
  wasmStatus,
  type GemmOp,
} from "../src/kernels/wasm/gemm-wasm.js";
import { rng } from "../src/random/rng.js";
import type { Buf } from "../src/shape/dtype.js";
import { mnistRows } from "./mnist-rows.js";
import { bestSeconds, numpyEnv } from "./timing.js";

interface Shape {
  name: string;
  op: GemmOp;
  m: number;
  k: number;
  n: number;
  /** Which operand is the MNIST batch X (the one the zero-skipping kernels skip on), if any. */
  sparse: boolean;
}

const SHAPES: Shape[] = [
  { name: "X·W1 (100x784)(784x50)", op: "nn", m: 100, k: 784, n: 50, sparse: true },
  { name: "Xᵀ·dY (784x100)(100x50)", op: "tn", m: 784, k: 100, n: 50, sparse: true },
  { name: "dY·W1ᵀ (100x50)(50x784)ᵀ", op: "nt", m: 100, k: 50, n: 784, sparse: false },
  { name: "eval (60000x784)(784x50)", op: "nn", m: 60000, k: 784, n: 50, sparse: true },
];

const g = rng(2024);
const dense = (len: number, f64 = false): Buf => g.fillNormal(f64 ? new Float64Array(len) : new Float32Array(len));
const flops = (s: Shape) => 2 * s.m * s.k * s.n;
const SLICE = 6000;
const isEval = (s: Shape) => s.m === 60000;
/** Milliseconds of timing per figure: the 60,000-row product takes ~0.2 s a call. */
const budget = (s: Shape) => (isEval(s) ? 1500 : 500);

/** A: dense random, or real MNIST rows (a batch of 100 drawn with replacement, or all 60,000). */
function operandA(s: Shape, mnist: boolean, f64 = false): Buf {
  const len = s.m * s.k;
  if (!mnist) return dense(len, f64);
  const rows = isEval(s) ? 60000 : 100;
  const idx = new Int32Array(rows);
  if (isEval(s)) idx.forEach((_, i) => (idx[i] = i));
  else g.fillInts(idx, 60000);
  const x = mnistRows(idx);
  return f64 ? Float64Array.from(x) : x;
}

type Row = { label: string; cells: (number | null)[] };
const rows: Row[] = [];
const row = (label: string, f: (s: Shape) => number | null) => {
  rows.push({ label, cells: SHAPES.map(f) });
  process.stderr.write(".");
};
const rate = (s: Shape, secs: number) => flops(s) / secs / 1e9;

function run(s: Shape, kernel: "naive" | "blocked" | "skip", a: Buf, b: Buf): number {
  const out = new Float32Array(s.m * s.n);
  const { m, k, n } = s;
  const [ars, aps] = s.op === "tn" ? [1, m] : [k, 1];
  const [bps, bjs] = s.op === "nt" ? [1, k] : [n, 1];
  // The TS kernels take seconds on the 60,000-row product: time its first 6,000 rows and scale
  // (the same rows of the same product; per-flop cost does not depend on the row count).
  const mm = isEval(s) ? SLICE : m;
  if (kernel === "naive") {
    return (bestSeconds(() => gemmNaive(out, a, b, mm, k, n, s.op === "tn", s.op === "nt"), 300) * m) / mm;
  }
  const f = kernel === "blocked" ? gemmBlocked : gemmBlockedSkipZeros;
  return (bestSeconds(() => f(out, a, b, mm, k, n, ars, aps, bps, bjs), budget(s)) * m) / mm;
}

function main(): void {
  if (wasmStatus() !== "ok") throw new Error(`bench/gemm: the wasm kernels did not load (${wasmStatus()})`);
  // Room for the resident copies below (one shape's at a time) before they pin the wasm memory.
  const residentBytes = Math.max(...SHAPES.map((s) => 4 * (s.m * s.k + s.k * s.n + s.m * s.n)));
  if (!reserveResident(residentBytes)) throw new Error("bench/gemm: could not reserve wasm memory");

  const A = SHAPES.map((s) => operandA(s, false));
  const X = SHAPES.map((s) => (s.sparse ? operandA(s, true) : null));
  const B = SHAPES.map((s) => dense(s.k * s.n));
  const zeros = X.map((x) => {
    if (!x) return null;
    let z = 0;
    for (let i = 0; i < x.length; i++) if (x[i] === 0) z++;
    return z / x.length;
  });
  const idx = (s: Shape) => SHAPES.indexOf(s);

  row("naive triple loop, dense A", (s) => rate(s, run(s, "naive", A[idx(s)]!, B[idx(s)]!)));
  row("TS blocked 4x4, dense A", (s) => rate(s, run(s, "blocked", A[idx(s)]!, B[idx(s)]!)));
  row("TS blocked 4x4, MNIST X", (s) => (X[idx(s)] ? rate(s, run(s, "blocked", X[idx(s)]!, B[idx(s)]!)) : null));
  row("TS skip-zeros, MNIST X *", (s) => (X[idx(s)] ? rate(s, run(s, "skip", X[idx(s)]!, B[idx(s)]!)) : null));

  // wasm, operands in ordinary arrays: the time includes copying them in and out.
  const wasmCopied = (s: Shape, a: Buf, b: Buf, skip: boolean) => {
    const out = a instanceof Float64Array ? new Float64Array(s.m * s.n) : new Float32Array(s.m * s.n);
    return bestSeconds(() => gemmWasm(s.op, out, a, b, s.m, s.k, s.n, skip), budget(s));
  };
  const copiedDense = SHAPES.map((s) => wasmCopied(s, A[idx(s)]!, B[idx(s)]!, false));
  row("wasm SIMD f32, dense A, copied in/out", (s) => rate(s, copiedDense[idx(s)]!));
  row("wasm SIMD f32 skip, MNIST X, copied *", (s) =>
    X[idx(s)] ? rate(s, wasmCopied(s, X[idx(s)]!, B[idx(s)]!, true)) : null,
  );

  // The same with every operand resident in wasm memory: no copy at all.
  const resident = (src: Buf) => {
    const r = allocResident("f32", src.length)!;
    r.set(src);
    return r;
  };
  const timeResident = (s: Shape, x: Buf, skip: boolean) => {
    const a = resident(x),
      b = resident(B[idx(s)]!),
      out = allocResident("f32", s.m * s.n)!;
    const secs = bestSeconds(() => gemmWasm(s.op, out, a, b, s.m, s.k, s.n, skip), budget(s));
    for (const r of [a, b, out]) freeResident(r);
    return secs;
  };
  const residentDense = SHAPES.map((s) => timeResident(s, A[idx(s)]!, false));
  row("wasm SIMD f32, dense A, resident", (s) => rate(s, residentDense[idx(s)]!));
  row("wasm SIMD f32 skip, MNIST X, resident *", (s) =>
    X[idx(s)] ? rate(s, timeResident(s, X[idx(s)]!, true)) : null,
  );
  row("wasm SIMD f64, dense A, copied in/out", (s) => {
    const a = Float64Array.from(A[idx(s)]!),
      b = Float64Array.from(B[idx(s)]!);
    return rate(s, wasmCopied(s, a, b, false));
  });

  // NumPy, one OpenBLAS thread, same shapes, same timing rule.
  const script = fileURLToPath(new URL("./gemm_numpy.py", import.meta.url));
  const py = spawnSync("python3", [script, JSON.stringify(SHAPES)], { env: numpyEnv(), encoding: "utf8" });
  if (py.status !== 0) throw new Error(`bench/gemm: python3 gemm_numpy.py failed:\n${py.stderr}`);
  const np = JSON.parse(py.stdout) as {
    numpy: string;
    core: string;
    threads: string;
    results: Record<string, Record<"float32" | "float64", { gflops: number }>>;
  };
  row(`NumPy ${np.numpy} float32, 1 thread`, (s) => np.results[s.name]!.float32.gflops);
  row(`NumPy ${np.numpy} float64, 1 thread`, (s) => np.results[s.name]!.float64.gflops);
  process.stderr.write("\n");

  const w0 = 40,
    w = 26;
  console.log(
    `GEMM GFLOP/s, one thread (2·m·k·n per call; best batch of CPU time; NumPy: OpenBLAS core ${np.core}, OPENBLAS_NUM_THREADS=${np.threads})`,
  );
  console.log("".padEnd(w0) + SHAPES.map((s) => s.name.padStart(w)).join(""));
  for (const r of rows) {
    console.log(r.label.padEnd(w0) + r.cells.map((c) => (c === null ? "n/a" : c.toFixed(2)).padStart(w)).join(""));
  }
  console.log(
    "* dense-equivalent rate on real MNIST rows (zeros in X: " +
      SHAPES.map((s) => (zeros[idx(s)] === null ? "-" : `${(100 * zeros[idx(s)]!).toFixed(0)}%`)).join(" / ") +
      "); it skips work, so it is not comparable with dense figures",
  );
  console.log(`naive and TS rows time the eval product's first ${SLICE} rows (the same per-flop cost).`);

  // The copy into and out of wasm memory, measured alone per call, and as a share of the call.
  console.log("\nwasm copy cost per call (f32, operands in ordinary arrays)");
  for (const s of SHAPES) {
    const a = A[idx(s)]!,
      b = B[idx(s)]!,
      out = new Float32Array(s.m * s.n);
    const before = { ...copyStats };
    gemmWasm(s.op, out, a, b, s.m, s.k, s.n, false);
    const bytes = copyStats.bytesIn - before.bytesIn + copyStats.bytesOut - before.bytesOut;
    const scratch = allocResident("f32", Math.max(a.length, out.length))!;
    const copy = bestSeconds(() => {
      scratch.set(a);
      scratch.set(b);
      out.set(scratch.subarray(0, out.length));
    }, 300);
    freeResident(scratch);
    const share = 1 - residentDense[idx(s)]! / copiedDense[idx(s)]!;
    console.log(
      `  ${s.name.padEnd(28)} ${(bytes / 1e6).toFixed(2).padStart(7)} MB  memcpy alone ${(copy * 1e6).toFixed(0).padStart(6)} µs` +
        `  (${(bytes / copy / 1e9).toFixed(1)} GB/s); copied call ${(copiedDense[idx(s)]! * 1e6).toFixed(0)} µs vs resident ` +
        `${(residentDense[idx(s)]! * 1e6).toFixed(0)} µs: ${(100 * share).toFixed(0)}% of the call`,
    );
  }

  // The small products of the network's second layer: where the wasm call stops paying.
  console.log(
    `\nsmall products, µs per call, operands in ordinary arrays (auto uses wasm from ${WASM_MIN_MACS} multiply-adds)`,
  );
  const small: Shape[] = [
    { name: "8x8x8", op: "nn", m: 8, k: 8, n: 8, sparse: false },
    { name: "16x16x16", op: "nn", m: 16, k: 16, n: 16, sparse: false },
    { name: "32x32x32", op: "nn", m: 32, k: 32, n: 32, sparse: false },
    { name: "z1·W2 (100x50)(50x10)", op: "nn", m: 100, k: 50, n: 10, sparse: false },
    { name: "z1ᵀ·dy (50x100)(100x10)", op: "tn", m: 50, k: 100, n: 10, sparse: false },
    { name: "dy·W2ᵀ (100x10)(50x10)ᵀ", op: "nt", m: 100, k: 10, n: 50, sparse: false },
  ];
  for (const s of small) {
    const a = dense(s.m * s.k),
      b = dense(s.k * s.n);
    const ts = run(s, "blocked", a, b);
    const out = new Float32Array(s.m * s.n);
    const wasm = bestSeconds(() => gemmWasm(s.op, out, a, b, s.m, s.k, s.n, false), 300);
    console.log(
      `  ${s.name.padEnd(26)} ${String(s.m * s.k * s.n).padStart(7)} MACs   TS ${(ts * 1e6).toFixed(2).padStart(8)}   wasm ${(wasm * 1e6).toFixed(2).padStart(8)}`,
    );
  }
}

main();
