// Golden diagnostics: the fixture programs in test/fixtures/diagnostics hold deliberate shape
// mistakes; this test compiles them with the repo's compiler options (one language service, so
// one program and one checker for everything here) and pins, for each mistake, the diagnostic
// code, the line and the full message a person reads in the editor. A change that turns a
// message into `never`, widens a dim to `number`, or lets a mistake compile fails here.
// When a message changes on purpose, update its lines below and rerun
// `npx tsx scripts/shape-errors-doc.ts` so the README shows the new text.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FixtureService, mistakeMarkers } from "../../scripts/compile-fixtures.js";
import { readmePath, regionOf, renderShapeErrors, withRegion } from "../../scripts/shape-errors-doc.js";

interface Expected {
  line: number;
  code: number;
  /** The flattened message (ts.flattenDiagnosticMessageText), one array item per printed line. */
  message: string[];
}

// Built once for the whole file (a few seconds): diagnostics of every fixture in a fixed order.
// The README check below shares it, so the suite parses and checks the fixtures only once.
const service = new FixtureService();

const expected: Record<string, Expected[]> = {
  "dims.fixture.ts": [
    {
      line: 15,
      code: 2345,
      message: [
        `Argument of type 'Matrix<Dim<"test">, 10, "f32">' is not assignable to parameter of type 'Operand<"sub", Matrix<Dim<"batch">, 10, "f32">>'.`,
        `  Type 'Matrix<Dim<"test">, 10, "f32">' is not assignable to type 'Matrix<Dim<"batch">, 10, "f32">'.`,
        `    Type 'Dim<"test">' is not assignable to type 'Dim<"batch">'.`,
        `      Type 'Dim<"test">' is not assignable to type '{ readonly [dimLabel]: "batch"; }'.`,
        `        Types of property '[dimLabel]' are incompatible.`,
        `          Type '"test"' is not assignable to type '"batch"'.`,
      ],
    },
    {
      line: 18,
      code: 2345,
      message: [
        `Argument of type 'Matrix<784, 10, "f32">' is not assignable to parameter of type 'DotOperand<784, "f64">'.`,
        `  Type 'Matrix<784, 10, "f32">' is not assignable to type 'Matrix<784, number, "f64">'.`,
        `    Type '"f32"' is not assignable to type '"f64"'.`,
      ],
    },
    {
      line: 21,
      code: 2345,
      message: [
        `Argument of type 'Matrix<Dim<"batch">, 10, "f64">' is not assignable to parameter of type 'Operand<"add", Matrix<Dim<"batch">, 10, "f32">>'.`,
        `  Type 'Matrix<Dim<"batch">, 10, "f64">' is not assignable to type 'Matrix<Dim<"batch">, 10, "f32">'.`,
        `    Type '"f64"' is not assignable to type '"f32"'.`,
      ],
    },
    {
      // An explicit dtype the array contradicts. The first line names both arrays; the rest is
      // TypeScript's own account of why two typed arrays differ (5.7+; earlier versions name
      // [Symbol.toStringTag] directly). Without type arguments the constructor infers the dtype.
      line: 24,
      code: 2345,
      message: [
        `Argument of type 'Float32Array<ArrayBuffer>' is not assignable to parameter of type 'Float64Array<ArrayBufferLike>'.`,
        `  The types of 'filter(...)[Symbol.toStringTag]' are incompatible between these types.`,
        `    Type '"Float32Array"' is not assignable to type '"Float64Array"'.`,
      ],
    },
    {
      line: 30,
      code: 2322,
      message: [
        `Type 'Matrix<100, 784, "f32">' is not assignable to type 'Matrix<100, 10, "f32">'.`,
        `  Type '784' is not assignable to type '10'.`,
      ],
    },
    {
      line: 33,
      code: 2345,
      message: [
        `Argument of type 'Matrix<100, 784, "f32">' is not assignable to parameter of type 'DotOperand<784, "f32">'.`,
        `  Type 'Matrix<100, 784, "f32">' is not assignable to type 'Matrix<784, number, "f32">'.`,
        `    Type '100' is not assignable to type '784'.`,
      ],
    },
  ],
  "dot.fixture.ts": [
    {
      line: 14,
      code: 2345,
      message: [
        `Argument of type 'Matrix<50, 10, "f32">' is not assignable to parameter of type 'DotOperand<784, "f32">'.`,
        `  Type 'Matrix<50, 10, "f32">' is not assignable to type 'Matrix<784, number, "f32">'.`,
        `    Type '50' is not assignable to type '784'.`,
      ],
    },
    {
      line: 17,
      code: 2345,
      message: [
        `Argument of type 'Matrix<100, 50, "f32">' is not assignable to parameter of type 'DotOperand<784, "f32">'.`,
        `  Type 'Matrix<100, 50, "f32">' is not assignable to type 'Matrix<784, number, "f32">'.`,
        `    Type '100' is not assignable to type '784'.`,
      ],
    },
    {
      line: 20,
      code: 2345,
      message: [
        `Argument of type 'Matrix<50, 10, "f32">' is not assignable to parameter of type 'DotOperand<10, "f32">'.`,
        `  Type 'Matrix<50, 10, "f32">' is not assignable to type 'Matrix<10, number, "f32">'.`,
        `    Type '50' is not assignable to type '10'.`,
      ],
    },
    {
      line: 23,
      code: 2345,
      message: [
        `Argument of type 'Matrix<784, 50, "f32">' is not assignable to parameter of type 'DotOperand<100, "f32">'.`,
        `  Type 'Matrix<784, 50, "f32">' is not assignable to type 'Matrix<100, number, "f32">'.`,
        `    Type '784' is not assignable to type '100'.`,
      ],
    },
    {
      line: 26,
      code: 2345,
      message: [
        `Argument of type 'Vector<784, "f32">' is not assignable to parameter of type 'DotOperand<50, "f32">'.`,
        `  Type 'Vector<784, "f32">' is not assignable to type 'Vector<50, "f32">'.`,
        `    Type '784' is not assignable to type '50'.`,
      ],
    },
    {
      line: 29,
      code: 2345,
      message: [
        `Argument of type 'Matrix<100, 10, "f32">' is not assignable to parameter of type 'Matrix<100, 50, "f32">'.`,
        `  Type '10' is not assignable to type '50'.`,
      ],
    },
    {
      line: 32,
      code: 2345,
      message: [
        `Argument of type 'Matrix<50, 10, "f32">' is not assignable to parameter of type 'DotOperand<784, "f32">'.`,
        `  Type 'Matrix<50, 10, "f32">' is not assignable to type 'Matrix<784, number, "f32">'.`,
        `    Type '50' is not assignable to type '784'.`,
      ],
    },
    {
      line: 38,
      code: 2345,
      message: [
        `Argument of type 'Matrix<100, 50, "f32">' is not assignable to parameter of type 'DotOperand<784, "f32">'.`,
        `  Type 'Matrix<100, 50, "f32">' is not assignable to type 'Matrix<784, number, "f32">'.`,
        `    Type '100' is not assignable to type '784'.`,
      ],
    },
    {
      line: 43,
      code: 2345,
      message: [
        `Argument of type 'Matrix<50, 10, "f32">' is not assignable to parameter of type 'DotOperand<784, "f32">'.`,
        `  Type 'Matrix<50, 10, "f32">' is not assignable to type 'Matrix<784, number, "f32">'.`,
        `    Type '50' is not assignable to type '784'.`,
      ],
    },
  ],
  "elementwise.fixture.ts": [
    {
      line: 14,
      code: 2345,
      message: [
        `Argument of type 'Vector<10, "f32">' is not assignable to parameter of type 'Operand<"add", Matrix<100, 50, "f32">>'.`,
        `  Type 'Vector<10, "f32">' is not assignable to type 'Vector<50, "f32">'.`,
        `    Type '10' is not assignable to type '50'.`,
      ],
    },
    {
      line: 17,
      code: 2345,
      message: [
        `Argument of type 'Matrix<100, 10, "f32">' is not assignable to parameter of type 'Operand<"mul", Matrix<100, 50, "f32">>'.`,
        `  Type 'Matrix<100, 10, "f32">' is not assignable to type 'Matrix<100, 50, "f32">'.`,
        `    Type '10' is not assignable to type '50'.`,
      ],
    },
    {
      line: 20,
      code: 2345,
      message: [
        `Argument of type 'Matrix<50, 100, "f32">' is not assignable to parameter of type 'Operand<"add", Matrix<100, 50, "f32">>'.`,
        `  Type 'Matrix<50, 100, "f32">' is not assignable to type 'Matrix<100, 50, "f32">'.`,
        `    Type '50' is not assignable to type '100'.`,
      ],
    },
    {
      line: 23,
      code: 2345,
      message: [
        `Argument of type 'Column<100, "f32">' is not assignable to parameter of type 'Operand<"sub", Vector<10, "f32">>'.`,
        `  Type 'Column<100, "f32">' is not assignable to type 'Vector<10, "f32">'.`,
        `    Types of property 'kind' are incompatible.`,
        `      Type '"column"' is not assignable to type '"vector"'.`,
      ],
    },
    {
      line: 26,
      code: 2345,
      message: [
        `Argument of type 'Matrix<100, 50, "f32">' is not assignable to parameter of type 'Operand<"add", Vector<50, "f32">>'.`,
        `  Property 'size' is missing in type 'Matrix<100, 50, "f32">' but required in type 'Vector<50, "f32">'.`,
      ],
    },
    {
      line: 29,
      code: 2345,
      message: [
        `Argument of type 'Transposed<50, 784, "f32">' is not assignable to parameter of type 'AnyTensor'.`,
        `  Type 'Transposed<50, 784, "f32">' is missing the following properties from type 'Matrix<number, number, DType>': data, get, set, toArray`,
      ],
    },
    {
      line: 32,
      code: 2345,
      message: [
        `Argument of type 'Matrix<100, 10, "f32">' is not assignable to parameter of type 'Matrix<100, 50, "f32">'.`,
        `  Type '10' is not assignable to type '50'.`,
      ],
    },
    {
      line: 35,
      code: 2345,
      message: [
        `Argument of type 'Matrix<10, 100, "f32">' is not assignable to parameter of type 'Matrix<100, 10, "f32">'.`,
        `  Type '10' is not assignable to type '100'.`,
      ],
    },
    {
      line: 40,
      code: 2345,
      message: [
        `Argument of type 'Column<10, "f32">' is not assignable to parameter of type 'Operand<"add", Vector<10, "f32">>'.`,
        `  Type 'Column<10, "f32">' is not assignable to type 'Vector<10, "f32">'.`,
        `    Types of property 'kind' are incompatible.`,
        `      Type '"column"' is not assignable to type '"vector"'.`,
      ],
    },
    {
      line: 43,
      code: 2345,
      message: [
        `Argument of type 'Column<10, "f32">' is not assignable to parameter of type 'Operand<"div", Matrix<100, 10, "f32">>'.`,
        `  Type 'Column<10, "f32">' is not assignable to type 'ColumnOperand<100, "f32">'.`,
        `    Types of property 'size' are incompatible.`,
        `      Type '10' is not assignable to type '100'.`,
      ],
    },
  ],
  "ops.fixture.ts": [
    {
      line: 14,
      code: 2345,
      message: [
        `Argument of type 'Vector<784, "f32">' is not assignable to parameter of type 'number | Vector<10, "f32">'.`,
        `  Type 'Vector<784, "f32">' is not assignable to type 'Vector<10, "f32">'.`,
        `    Type '784' is not assignable to type '10'.`,
      ],
    },
    {
      line: 17,
      code: 2345,
      message: [
        `Argument of type 'Column<784, "f32">' is not assignable to parameter of type 'Operand<"add", Matrix<100, 10, "f32">>'.`,
        `  Type 'Column<784, "f32">' is not assignable to type 'ColumnOperand<100, "f32">'.`,
        `    Types of property 'size' are incompatible.`,
        `      Type '784' is not assignable to type '100'.`,
      ],
    },
    {
      line: 20,
      code: 2345,
      message: [
        `Argument of type '[Matrix<100, 784, "f32">, Matrix<100, 10, "f32">]' is not assignable to parameter of type 'readonly [Matrix<100, 784, "f32">, ...Matrix<number, 784, "f32">[]]'.`,
        `  Type at position 1 in source is not compatible with type at position 1 in target.`,
        `    Type 'Matrix<100, 10, "f32">' is not assignable to type 'Matrix<number, 784, "f32">'.`,
        `      Type '10' is not assignable to type '784'.`,
      ],
    },
    {
      line: 23,
      code: 2345,
      message: [
        `Argument of type 'Column<100, "f32">' is not assignable to parameter of type 'Operand<"sub", Vector<10, "f32">>'.`,
        `  Type 'Column<100, "f32">' is not assignable to type 'Vector<10, "f32">'.`,
        `    Types of property 'kind' are incompatible.`,
        `      Type '"column"' is not assignable to type '"vector"'.`,
      ],
    },
    {
      line: 26,
      code: 2345,
      message: [
        `Argument of type 'Matrix<10, 100, "f32">' is not assignable to parameter of type 'number | NoInfer<Matrix<100, 10, "f32">>'.`,
        `  Type 'Matrix<10, 100, "f32">' is not assignable to type 'Matrix<100, 10, "f32">'.`,
        `    Type '10' is not assignable to type '100'.`,
      ],
    },
    {
      line: 29,
      code: 2345,
      message: [
        `Argument of type '[Vector<10, "f32">, Vector<11, "f32">]' is not assignable to parameter of type 'readonly [Vector<10, "f32">, ...Vector<10, "f32">[]]'.`,
        `  Type at position 1 in source is not compatible with type at position 1 in target.`,
        `    Type 'Vector<11, "f32">' is not assignable to type 'Vector<10, "f32">'.`,
        `      Type '11' is not assignable to type '10'.`,
      ],
    },
  ],
  "nn.fixture.ts": [
    {
      line: 25,
      code: 2345,
      message: [
        `Argument of type 'AffineCache<100, 50, 10, "f32">' is not assignable to parameter of type 'AffineCache<100, 50, 50, "f32">'.`,
        `  Type '10' is not assignable to type '50'.`,
      ],
    },
    {
      line: 28,
      code: 2345,
      message: [
        `Argument of type 'Vector<50, "f32">' is not assignable to parameter of type 'Vector<10, "f32">'.`,
        `  Type '50' is not assignable to type '10'.`,
      ],
    },
    {
      line: 31,
      code: 2322,
      message: [
        `Type 'Matrix<50, 10, "f32">' is not assignable to type 'Matrix<784, 50, "f32">'.`,
        `  Type '50' is not assignable to type '784'.`,
      ],
    },
    {
      line: 31,
      code: 2322,
      message: [
        `Type 'Matrix<784, 50, "f32">' is not assignable to type 'Matrix<50, 10, "f32">'.`,
        `  Type '784' is not assignable to type '50'.`,
      ],
    },
    {
      line: 34,
      code: 2322,
      message: [
        `Type 'Matrix<50, 10, "f32">' is not assignable to type 'Matrix<784, 50, "f32">'.`,
        `  Type '50' is not assignable to type '784'.`,
      ],
    },
    {
      line: 37,
      code: 2345,
      message: [
        `Argument of type 'Gradients<TwoLayerParams<784, 100, 10, "f32">>' is not assignable to parameter of type 'Gradients<TwoLayerParams<784, 50, 10, "f32">>'.`,
        `  Types of property 'W1' are incompatible.`,
        `    Type 'Matrix<784, 100, "f32">' is not assignable to type 'Matrix<784, 50, "f32">'.`,
        `      Type '100' is not assignable to type '50'.`,
      ],
    },
    {
      line: 42,
      code: 2345,
      message: [
        `Argument of type 'Labels<Dim<"test">>' is not assignable to parameter of type 'Target<NoInfer<Dim<"train">>, 10, "f32">'.`,
        `  Type 'Labels<Dim<"test">>' is not assignable to type 'Labels<NoInfer<Dim<"train">>>'.`,
        `    Type 'Dim<"test">' is not assignable to type 'Dim<"train">'.`,
        `      Type 'Dim<"test">' is not assignable to type '{ readonly [dimLabel]: "train"; }'.`,
        `        Types of property '[dimLabel]' are incompatible.`,
        `          Type '"test"' is not assignable to type '"train"'.`,
      ],
    },
    {
      line: 45,
      code: 2345,
      message: [
        `Argument of type 'Matrix<50, 784, "f32">' is not assignable to parameter of type 'Matrix<100, 784, "f32">'.`,
        `  Type '50' is not assignable to type '100'.`,
      ],
    },
    {
      line: 48,
      code: 2322,
      message: [
        `Type 'Dense<64, 10, "f32">' is not assignable to type 'Dense<64, 10, "f32"> & Dense<128, 10, "f32">'.`,
        `  Type 'Dense<64, 10, "f32">' is not assignable to type 'Dense<128, 10, "f32">'.`,
        `    Type '64' is not assignable to type '128'.`,
      ],
    },
  ],
};

/** The type a diagnostic says was given: its first `Argument of type 'X'` or `Type 'X'`. */
function givenType(message: string): string {
  const m = /(?:Argument of type|Type) '(.+?)' is not assignable/.exec(message);
  if (!m) throw new Error(`unexpected message form: ${message.split("\n")[0]}`);
  return m[1]!;
}

describe.each(Object.entries(expected))("%s", (file, mistakes) => {
  const seen = service.diagnosticsOf(file);

  it("reports every mistake with its code, line and full message", () => {
    expect(seen.map(({ line, code, message }) => ({ line, code, message }))).toEqual(
      mistakes.map((m) => ({ ...m, message: m.message.join("\n") })),
    );
  });

  it("has diagnostics on the line under each `// ✗` marker, and none elsewhere", () => {
    const markers = mistakeMarkers(service.pathOf(file));
    expect(markers.length).toBeGreaterThan(0);
    expect([...new Set(seen.map((d) => d.line))]).toEqual(markers.map((m) => m.line));
  });

  it("names literal shapes: no `never`, no dim widened to `number` in what was given", () => {
    for (const d of seen) {
      expect(d.message).not.toMatch(/\bnever\b/);
      expect(givenType(d.message)).not.toMatch(/\bnumber\b/);
    }
  });
});

describe("one mistake, one error", () => {
  it("a refused dot followed by the SGD update that uses it gives exactly one diagnostic, at the dot", () => {
    const text = readFileSync(service.pathOf("dot.fixture.ts"), "utf8").split("\n");
    const dotLine = text.findIndex((l) => l.startsWith("const dWrong = dot(X, dH);")) + 1;
    const updateLine = text.findIndex((l) => l.startsWith("const W1next = sub(W1, mul(dWrong, 0.1));")) + 1;
    expect(dotLine).toBeGreaterThan(0);
    expect(updateLine).toBeGreaterThan(dotLine);
    const inRegion = service.diagnosticsOf("dot.fixture.ts").filter((d) => d.line >= dotLine && d.line <= updateLine);
    expect(inRegion.map((d) => [d.line, d.code])).toEqual([[dotLine, 2345]]);
    expect(service.quickInfo("dot.fixture.ts", "W1next")).toBe('const W1next: Matrix<784, 50, "f32">');
  });
});

describe("valid programs", () => {
  it("compile with zero diagnostics", () => {
    expect(service.diagnosticsOf("valid.fixture.ts")).toEqual([]);
  });

  it("every fixture is either valid or has an expectation table here", () => {
    const files = [...service.diagnostics.keys()].map((f) => f.split("/").pop()!);
    expect(files.sort()).toEqual([...Object.keys(expected), "valid.fixture.ts"].sort());
  });
});

describe("hover text (quick info) of results", () => {
  it.each([
    ["z1", 'const z1: Matrix<100, 50, "f32">'], // dot
    ["h", 'const h: Matrix<100, 50, "f32">'], // add with a bias
    ["a1", 'const a1: Matrix<100, 50, "f32">'], // sigmoid
    ["probs", 'const probs: Matrix<100, 10, "f32">'], // softmax
    ["dW2", 'const dW2: Matrix<50, 10, "f32">'], // dot with a lazy transpose
    ["db2", 'const db2: Vector<10, "f32">'], // sum over axis 0
    ["rowMeans", 'const rowMeans: Column<100, "f32">'], // mean over axis 1: a column, one value per row
    ["rowSums", 'const rowSums: Column<10, "f32">'], // sum over axis 1 of a square matrix
    ["normalised", 'const normalised: Matrix<10, 10, "f32">'], // column broadcast: each row by its own sum
    ["shifted", 'const shifted: Matrix<100, 10, "f32">'], // each row minus its own max
    ["dz1", 'const dz1: Matrix<100, 50, "f32">'], // sigmoidBackward
    ["W1t", 'const W1t: Matrix<50, 784, "f32">'], // transpose
    ["batch", 'const batch: Matrix<3, 784, "f32">'], // takeRows from a 60000-row matrix
    ["hb", 'const hb: Matrix<3, 50, "f32">'],
    ["hs", 'const hs: Matrix<Dim<"batch">, 50, "f32">'], // symbolic batch dim
    ["fromFile", 'const fromFile: Matrix<100, 50, "f32">'], // after assertShape
    ["wrapped64", 'const wrapped64: Matrix<2, 3, "f64">'], // new Matrix over a Float64Array: D from the array
    ["wrapped32", 'const wrapped32: Matrix<2, 3, "f32">'],
    ["wrappedRow", 'const wrappedRow: Vector<3, "f64">'],
    ["wrappedCol", 'const wrappedCol: Column<2, "f64">'],
    ["wrappedSum", 'const wrappedSum: Matrix<2, 3, "f64">'], // the wrapped f64 tensors broadcast together
  ])("%s", (name, text) => {
    expect(service.quickInfo("valid.fixture.ts", name)).toBe(text);
  });

  it.each([
    ["first", 'const first: Vector<10, "f32">'], // getRow
  ])("ops: %s", (name, text) => {
    expect(service.quickInfo("ops.fixture.ts", name)).toBe(text);
  });

  it.each([
    ["tall", 'const tall: Matrix<number, 50, "f32">'], // concat along axis 0: the joined dim is number
    ["wide", 'const wide: Matrix<100, 60, "f32">'], // concat along axis 1 with a declared size
    ["rows", 'const rows: Matrix<number, 50, "f32">'], // sliceRows
    ["col0", 'const col0: Column<100, "f32">'], // getCol
    ["lse", 'const lse: Column<100, "f32">'], // logSumExp over axis 1
    ["relu", 'const relu: Matrix<100, 50, "f32">'], // where with a comparison mask
    ["vW", 'const vW: Vector<10, "f32">'], // vector·matrix
    ["inner", "const inner: number"], // the inner product
  ])("new ops: %s", (name, text) => {
    expect(service.quickInfo("valid.fixture.ts", name)).toBe(text);
  });

  it.each([
    ["dy", 'const dy: Matrix<100, 10, "f32">'], // softmaxCrossEntropyBackward
    ["da1", 'const da1: Matrix<100, 50, "f32">'], // activationBackward through the layer-2 gradient
    ["params", 'const params: TwoLayerParams<784, 50, 10, "f32">'], // initTwoLayer
  ])("nn: %s", (name, text) => {
    expect(service.quickInfo("nn.fixture.ts", name)).toBe(text);
  });
});

// README.md's "Reading shape errors" region is generated from these fixtures by
// scripts/shape-errors-doc.ts; regenerating it in memory here means it cannot drift.
describe("README: Reading shape errors", () => {
  const rendered = renderShapeErrors(service);

  it("matches the text generated from the fixtures (run `npx tsx scripts/shape-errors-doc.ts` to update)", () => {
    expect(regionOf(readFileSync(readmePath, "utf8"))).toBe(rendered);
  });

  it("shows each mistake's line followed by the compiler's message for it", () => {
    expect(rendered).toContain(
      "const logits = dot(X, W2);\n// error TS2345: Argument of type 'Matrix<50, 10, \"f32\">'",
    );
    expect(rendered).toContain("//     Type '50' is not assignable to type '784'.");
    expect(rendered).toContain(
      "const z1 = add(dot(X, W1), b2);\n// error TS2345: Argument of type 'Vector<10, \"f32\">'",
    );
  });

  it("rewrites only the region between the markers", () => {
    const readme = "# t\n\nbefore\n<!-- shape-errors:start -->\nold\n<!-- shape-errors:end -->\nafter\n";
    const next = withRegion(readme, "new text");
    expect(next).toBe("# t\n\nbefore\n<!-- shape-errors:start -->\nnew text\n<!-- shape-errors:end -->\nafter\n");
    expect(regionOf(next)).toBe("new text");
    expect(() => withRegion("# no markers", "x")).toThrow("README.md must contain");
  });
});
