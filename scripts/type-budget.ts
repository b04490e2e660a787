// Type-checking cost, measured as the checker's instantiation count (what `tsc
// --extendedDiagnostics` prints as "Instantiations"; deterministic for a pinned TypeScript).
// Generates op chains of any length and measures them against a baseline program that imports
// the same functions and does nothing, so the figure is the cost of the chain alone.
// `npx tsx scripts/type-budget.ts` prints the figures; test/diagnostics/budget.test.ts holds them
// to a budget.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { checkProgram, repoRoot, type Seen } from "./compile-fixtures.js";

/** Generated programs are virtual files here (never written): imports resolve as from test/. */
const genDir = path.join(repoRoot, "test/diagnostics/generated");
// The ops are imported from their own modules, not src/index.js: each measured program checks
// every file it reaches in full, and the ops need only src/ops, src/shape, src/kernels and
// src/random, so leaving out nn/, io/ and data/ keeps each measurement about a second.
const imports = [
  `import { add, sub } from "../../../src/ops/arithmetic.js";`,
  `import { dot } from "../../../src/ops/dot.js";`,
  `import { sigmoid } from "../../../src/ops/activation.js";`,
  `import { softmax } from "../../../src/ops/softmax.js";`,
  `import { sum } from "../../../src/ops/reduce.js";`,
  `import { takeRows } from "../../../src/ops/rows.js";`,
  `import { transpose } from "../../../src/ops/transpose.js";`,
  `import { zeros, zerosVector } from "../../../src/ops/create.js";`,
].join("\n");

/**
 * The baseline: the same import and no ops. Type checking does not elide unused imports, so the
 * library is checked exactly as in the measured programs; it must not *use* the imports (an
 * array of the generic functions would itself cost instantiations).
 */
export function baselineSource(): string {
  return `${imports}\nexport {};\n`;
}

/**
 * A program chaining `n` ops, each a `const` fed by the previous one, cycling through dot (with a
 * fresh weight matrix), add of a bias, sigmoid, sub of the column sums (sum over axis 0 then a
 * row broadcast), softmax and transpose. Every dim is a literal, and the dims change as the chain
 * goes (a new layer width at each dot), as in a real network: the checker meets new types all
 * the way down. The last line pins the final type, so a dim that widened to `number` would fail.
 */
export function chainSource(n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`chainSource: n must be a positive integer, got ${n}`);
  const lines = [`${imports}`, `const v0 = zeros(100, 784);`];
  let rows = 100;
  let cols = 784;
  let width = 0;
  for (let i = 1; i <= n; i++) {
    const prev = `v${i - 1}`;
    let expr: string;
    switch ((i - 1) % 6) {
      case 0: {
        // Widths 20..119 in a fixed, non-repeating-looking order.
        width = 20 + ((i * 37) % 100);
        expr = `dot(${prev}, zeros(${cols}, ${width}))`;
        cols = width;
        break;
      }
      case 1:
        expr = `add(${prev}, zerosVector(${cols}))`;
        break;
      case 2:
        expr = `sigmoid(${prev})`;
        break;
      case 3:
        expr = `sub(${prev}, sum(${prev}, 0))`;
        break;
      case 4:
        expr = `softmax(${prev})`;
        break;
      default: {
        expr = `transpose(${prev})`;
        [rows, cols] = [cols, rows];
      }
    }
    lines.push(`const v${i} = ${expr};`);
  }
  lines.push(`export const last: import("../../../src/shape/tensor.js").Matrix<${rows}, ${cols}, "f32"> = v${n};`);
  return lines.join("\n") + "\n";
}

/** Large literal dims (MNIST's 60,000 rows) through creation, dot, takeRows, bias add, softmax, sum. */
export function largeDimsSource(): string {
  return (
    [
      imports,
      `import type { Matrix, Vector } from "../../../src/shape/tensor.js";`,
      `const X = zeros(60000, 784);`,
      `const W = zeros(784, 60000);`,
      `const G: Matrix<60000, 60000, "f32"> = dot(X, W);`,
      `const idx = new Int32Array(60000);`,
      `const B: Matrix<60000, 784, "f32"> = takeRows(X, idx, 60000);`,
      `const H: Matrix<60000, 60000, "f32"> = softmax(add(dot(B, W), zerosVector(60000)));`,
      `const s: Vector<60000, "f32"> = sum(H, 0);`,
      `const T: Matrix<784, 60000, "f32"> = transpose(X);`,
      `const back: Matrix<784, 784, "f32"> = dot(T, sigmoid(sub(X, zerosVector(784))));`,
      `export { G, H, s, back };`,
    ].join("\n") + "\n"
  );
}

/**
 * The same chain traced: every op called through `ad` inside a function that valueAndGrad
 * differentiates with respect to the chain's input (its weights and biases stay constants, made
 * by the untraced `zeros`), ending in the scalar `ad.sum` it returns. The last type is pinned as
 * in chainSource.
 */
export function tracedChainSource(n: number): string {
  const body = chainSource(n)
    .split("\n")
    .filter((l) => l.startsWith("const v") && !l.startsWith("const v0 "))
    .map((l) => "  " + l.replace(/\b(dot|add|sigmoid|sub|softmax|transpose|sum)\(/g, "ad.$1("));
  const last = chainSource(n).match(/^export const last: (.*) = v\d+;$/m)![1];
  return (
    [
      tracedImports,
      `export const f = valueAndGrad((v0: import("../../../src/shape/tensor.js").Matrix<100, 784, "f32">) => {`,
      ...body,
      `  const last: ${last} = v${n};`,
      `  return ad.sum(last);`,
      `});`,
    ].join("\n") + "\n"
  );
}

/**
 * A program of `n` ops on operands declared once with fixed dims, each line an op on the previous
 * result (a bias add, sigmoid, a row broadcast of the column sums, softmax, a same-shape add): the
 * per-op cost of code written against a network's declared weights, with no new dims created
 * along the way. chainSource is the dearer case (a fresh weight matrix of new literal dims every
 * sixth op, whose creation is counted too).
 */
export function steadyChainSource(n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`steadyChainSource: n must be a positive integer, got ${n}`);
  const T = `import("../../../src/shape/tensor.js")`;
  const lines = [
    imports,
    `declare const X: ${T}.Matrix<100, 784>;`,
    `declare const W: ${T}.Matrix<784, 50>;`,
    `declare const b: ${T}.Vector<50>;`,
    `const h0 = dot(X, W);`,
  ];
  const ops = [
    (p: string) => `add(${p}, b)`,
    (p: string) => `sigmoid(${p})`,
    (p: string) => `sub(${p}, sum(${p}, 0))`,
    (p: string) => `softmax(${p})`,
    (p: string) => `add(${p}, ${p})`,
  ];
  for (let i = 1; i <= n; i++) lines.push(`const h${i} = ${ops[(i - 1) % ops.length]!(`h${i - 1}`)};`);
  lines.push(`export const last: ${T}.Matrix<100, 50, "f32"> = h${n};`);
  return lines.join("\n") + "\n";
}

/** Instantiations per op of steady chains: (cost(hi) - cost(lo)) / (hi - lo). */
export function steadyPerOpCost(lo: number, hi: number): { perOp: number; diagnostics: Seen[] } {
  const a = measureSource(`steady-${lo}.ts`, steadyChainSource(lo)),
    b = measureSource(`steady-${hi}.ts`, steadyChainSource(hi));
  return {
    perOp: (b.instantiations - a.instantiations) / (hi - lo),
    diagnostics: [...a.diagnostics, ...b.diagnostics],
  };
}

const tracedImports = `${imports}\nimport { ad, valueAndGrad } from "../../../src/autograd/index.js";`;

/**
 * Per-op type-checking cost of traced chains against untraced ones: the cost between chains of
 * `lo` and `hi` ops divided by hi - lo (the constant cost of valueAndGrad and the imports cancels).
 */
export function tracedPerOpCost(
  lo: number,
  hi: number,
): {
  traced: number;
  untraced: number;
  diagnostics: Seen[];
} {
  const count = (src: (n: number) => string, name: string) => {
    const a = measureSource(`${name}-${lo}.ts`, src(lo)),
      b = measureSource(`${name}-${hi}.ts`, src(hi));
    return {
      perOp: (b.instantiations - a.instantiations) / (hi - lo),
      diagnostics: [...a.diagnostics, ...b.diagnostics],
    };
  };
  const t = count(tracedChainSource, "traced-chain"),
    u = count(chainSource, "chain");
  return { traced: t.perOp, untraced: u.perOp, diagnostics: [...t.diagnostics, ...u.diagnostics] };
}

export interface Measured {
  instantiations: number;
  diagnostics: Seen[];
}

/** Checks one generated program (as a virtual file named `name`) and returns its raw figures. */
export function measureSource(name: string, source: string): Measured {
  return checkProgram(new Map([[path.join(genDir, name), source]]));
}

/** Instantiations of each chain length minus the baseline's: the cost the chain itself adds. */
export function chainCosts(lengths: readonly number[]): {
  baseline: Measured;
  chains: { n: number; cost: number; diagnostics: Seen[] }[];
} {
  const baseline = measureSource("baseline.ts", baselineSource());
  const chains = lengths.map((n) => {
    const m = measureSource(`chain-${n}.ts`, chainSource(n));
    return { n, cost: m.instantiations - baseline.instantiations, diagnostics: m.diagnostics };
  });
  return { baseline, chains };
}

/**
 * The cost of one program file alone, e.g. examples/train-mnist.ts. Method: check the real file,
 * then check a baseline made of the file's own import declarations and nothing else, placed as a
 * virtual file in the same folder so every specifier resolves to the same modules. Type checking
 * keeps unused imports, so both programs check the same library and dependency code in full; the
 * difference is the instantiations the file's own code causes.
 */
export function fileCost(file: string): { cost: number; total: number; baseline: number; diagnostics: Seen[] } {
  const abs = path.resolve(repoRoot, file);
  const text = ts.sys.readFile(abs);
  if (text === undefined) throw new Error(`fileCost: cannot read ${file}`);
  const sf = ts.createSourceFile(abs, text, ts.ScriptTarget.Latest, true);
  const importsOnly = sf.statements
    .filter((st) => ts.isImportDeclaration(st) || ts.isImportEqualsDeclaration(st))
    .map((st) => st.getText(sf))
    .join("\n");
  const baselineFile = path.join(path.dirname(abs), "__imports-only-baseline__.ts");
  const baseline = checkProgram(new Map([[baselineFile, `${importsOnly}\nexport {};\n`]]));
  if (baseline.diagnostics.length > 0) {
    throw new Error(`fileCost: the imports of ${file} alone do not compile: ${baseline.diagnostics[0]!.message}`);
  }
  const full = checkProgram(new Map(), [abs]);
  return {
    cost: full.instantiations - baseline.instantiations,
    total: full.instantiations,
    baseline: baseline.instantiations,
    diagnostics: full.diagnostics,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const t0 = performance.now();
  const { baseline, chains } = chainCosts([50, 100, 200, 300]);
  console.log(
    `baseline (src + libs): ${baseline.instantiations} instantiations, ${baseline.diagnostics.length} diagnostics`,
  );
  for (const c of chains) {
    const perOp = (c.cost / c.n).toFixed(1);
    console.log(
      `chain of ${c.n} ops: +${c.cost} instantiations (${perOp} per op), ${c.diagnostics.length} diagnostics`,
    );
  }
  const large = measureSource("large-dims.ts", largeDimsSource());
  const steady = steadyPerOpCost(0 + 100, 400);
  console.log(
    `steady chain (declared weights, 100 -> 400 ops): ${steady.perOp.toFixed(1)} instantiations per op, ${steady.diagnostics.length} diagnostics`,
  );
  console.log(
    `dims up to 60,000: +${large.instantiations - baseline.instantiations} instantiations, ${large.diagnostics.length} diagnostics`,
  );
  const traced = tracedPerOpCost(50, 100);
  console.log(
    `per op, chains of 50 -> 100: traced ${traced.traced.toFixed(1)}, untraced ${traced.untraced.toFixed(1)} instantiations ` +
      `(ratio ${(traced.traced / traced.untraced).toFixed(2)}), ${traced.diagnostics.length} diagnostics`,
  );
  const example = path.join(repoRoot, "examples/train-mnist.ts");
  if (ts.sys.fileExists(example)) {
    const c = fileCost(example);
    console.log(
      `examples/train-mnist.ts: +${c.cost} instantiations (${c.total} with it, ${c.baseline} for its imports alone), ${c.diagnostics.length} diagnostics`,
    );
  } else {
    console.log("examples/train-mnist.ts: not there yet");
  }
  console.log(
    `(${Math.round(performance.now() - t0)} ms; file ${path.relative(repoRoot, fileURLToPath(import.meta.url))})`,
  );
}
