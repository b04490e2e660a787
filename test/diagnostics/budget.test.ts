// The type-checking budget. Cost is the checker's instantiation count (the "Instantiations" line
// of `tsc --extendedDiagnostics`), which is deterministic for a pinned TypeScript, minus the count
// of a baseline program that imports the same things and does nothing: what is left is the cost
// of the code under test. The budgets are measured figures plus headroom (see each test), so a
// change to the types that makes every op markedly dearer fails here and has to say why.
// Reprint the figures with `npx tsx scripts/type-budget.ts`.
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/compile-fixtures.js";
import {
  chainCosts,
  chainSource,
  fileCost,
  largeDimsSource,
  measureSource,
  steadyChainSource,
  steadyPerOpCost,
  tracedChainSource,
  tracedPerOpCost,
} from "../../scripts/type-budget.js";

// One baseline and the 50/100 chains, measured once for the file (a second or two each).
const { baseline, chains } = chainCosts([50, 100]);
const [c50, c100] = chains as [(typeof chains)[0], (typeof chains)[0]];

describe("op chains", () => {
  it("the baseline and the chains compile without a single diagnostic (no TS2589)", () => {
    expect(baseline.diagnostics).toEqual([]);
    expect(c50.diagnostics).toEqual([]);
    expect(c100.diagnostics).toEqual([]);
  });

  // Measured 1,476 and 2,801 before vectors carried their axis (row Vector vs Column) and dot
  // took a vector on the left; the column operand of elementwise ops and the left operand's kind
  // in dot cost a few instantiations per op: measured 1,854 and 3,467 now (the constructors typed by
  // their array, and creation ops whose dtype comes only from their argument, added 1%).
  it("a chain of 50 ops stays under 2,200 instantiations (measured 1,854 on TypeScript 5.9.3)", () => {
    expect(c50.cost).toBeGreaterThan(0);
    expect(c50.cost).toBeLessThan(2_200);
  });

  it("a chain of 100 ops stays under 4,000 instantiations (measured 3,467)", () => {
    expect(c100.cost).toBeLessThan(4_000);
  });

  it("cost grows at most linearly: cost(100) <= 2.2 × cost(50) (measured 1.87)", () => {
    expect(c100.cost / c50.cost).toBeLessThanOrEqual(2.2);
  });

  it("the generated chain is what it claims: 100 ops, each a library call on the previous result", () => {
    const src = chainSource(100);
    const ops = src.match(/^const v\d+ = (dot|add|sigmoid|sub|softmax|transpose)\(v\d+/gm) ?? [];
    expect(ops).toHaveLength(100);
    for (const op of ["dot", "add", "sigmoid", "sub", "softmax", "transpose"]) {
      expect(ops.filter((o) => o.includes(`= ${op}(`)).length).toBeGreaterThanOrEqual(16);
    }
    expect(src).toContain("sum(v");
  });

  it("a chain of 300 ops still compiles, with no 'excessively deep' error", () => {
    const m = measureSource("chain-300.ts", chainSource(300));
    expect(m.diagnostics).toEqual([]);
  });

  it("a chain whose last type is wrong is reported, so the zero-diagnostic checks above can fail", () => {
    const wrong = chainSource(12).replace(/Matrix<(\d+), (\d+), "f32">/, 'Matrix<$1, 99999, "f32">');
    const m = measureSource("chain-wrong.ts", wrong);
    expect(m.diagnostics.map((d) => d.code)).toEqual([2322]);
  });
});

describe("a steady chain (ops on declared weights, no new dims)", () => {
  // Between 100 and 400 ops, so a 300-op stretch: what one more op costs in code written against
  // a network's declared weights. Measured 1.6 per op (a line holds one or two ops).
  const steady = steadyPerOpCost(100, 400);
  it("compiles without a diagnostic and ends on the pinned type", () => {
    expect(steady.diagnostics).toEqual([]);
    expect(steadyChainSource(5)).toMatch(
      /const h5 = add\(h4, h4\);\nexport const last: .*Matrix<100, 50, "f32"> = h5;/,
    );
  });
  it("costs at most 6 instantiations per op over a 300-op chain", () => {
    expect(steady.perOp).toBeGreaterThan(0);
    expect(steady.perOp).toBeLessThanOrEqual(6);
  });
  it("a steady chain whose last type is wrong is reported", () => {
    const bad = steadyChainSource(3).replace('Matrix<100, 50, "f32">', 'Matrix<100, 51, "f32">');
    expect(measureSource("steady-bad.ts", bad).diagnostics.map((d) => d.code)).toEqual([2322]);
  });
});

describe("large dims", () => {
  it("dims up to 60,000 flow through zeros, dot, takeRows, add, softmax, sum and transpose without TS2589", () => {
    const m = measureSource("large-dims.ts", largeDimsSource());
    expect(m.diagnostics).toEqual([]);
    // The program pins each result's full type (Matrix<60000, 60000, "f32"> and so on), so a dim
    // that widened to `number` or a result that became `never` would be a diagnostic above.
    expect(m.instantiations - baseline.instantiations).toBeLessThan(1_000);
  });
});

describe("examples/train-mnist.ts", () => {
  const example = path.join(repoRoot, "examples/train-mnist.ts");
  it("type-checks in under 5,000 instantiations of its own", () => {
    expect(ts.sys.fileExists(example), "examples/train-mnist.ts must exist").toBe(true);
    const c = fileCost(example);
    expect(c.diagnostics).toEqual([]);
    expect(c.cost).toBeGreaterThan(0);
    expect(c.cost).toBeLessThan(5_000);
  });
});

describe("a traced program (autodiff)", () => {
  const { traced, untraced, diagnostics } = tracedPerOpCost(50, 100);
  it("compiles without a diagnostic, and is what it claims: every op through `ad`, inside valueAndGrad", () => {
    expect(diagnostics).toEqual([]);
    const src = tracedChainSource(100);
    expect(src.match(/^ {2}const v\d+ = ad\.(dot|add|sigmoid|sub|softmax|transpose)\(v\d+/gm)).toHaveLength(100);
    expect(src).toContain("valueAndGrad((v0:");
  });
  it("costs at most 2x an untraced program per op (measured 26.5 and 26.5 instantiations: 1.00x)", () => {
    expect(untraced).toBeGreaterThan(0);
    expect(traced / untraced).toBeLessThanOrEqual(2);
  });
  it("a traced chain whose last type is wrong is reported (the zero-diagnostic check can fail)", () => {
    const wrong = tracedChainSource(12).replace(
      /\.Matrix<(\d+), (\d+), "f32"> = v12;/,
      '.Matrix<$1, 99999, "f32"> = v12;',
    );
    expect(wrong).toContain("99999");
    const m = measureSource("traced-chain-wrong.ts", wrong);
    expect(m.diagnostics.map((d) => d.code)).toEqual([2322]);
  });
});
