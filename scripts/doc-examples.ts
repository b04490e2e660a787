// Compiles every `@example` in src as a snippet, so the docs cannot drift from the API. The
// convention (see the project's brief): after the `@example` tag, a fenced ```ts block that is
// self-contained, with every export of the package root (src/index.ts) in scope by name and
// every other variable declared in the snippet; no imports. Each snippet becomes a virtual
// module that imports all exports of the root and of src/node.ts and wraps the snippet in an async function (so `await`
// works and names never clash between snippets), and all of them are type-checked as one
// program with the repo's compiler options.
// Run: `npx tsx scripts/doc-examples.ts` (prints each failing example; exit code 1 if any).
import path from "node:path";
import ts from "typescript";
import { repoCompilerOptions, repoRoot, virtualProgram } from "./compile-fixtures.js";

/** One `@example` block: where it is and its code. */
export interface DocExample {
  /** Repo-relative source file. */
  readonly file: string;
  /** 1-based line of the `@example` tag. */
  readonly line: number;
  /** The snippet, without the comment's leading `*`s; null when no ```ts fence follows the tag. */
  readonly code: string | null;
}

/** One problem found while compiling an example. */
export interface ExampleProblem {
  readonly example: DocExample;
  readonly message: string;
}

const srcDir = path.join(repoRoot, "src");

/** Every `@example` in src/**\/*.ts, in file and line order. */
export function docExamples(files: readonly string[] = sourceFiles()): DocExample[] {
  const out: DocExample[] = [];
  for (const abs of files) {
    const text = ts.sys.readFile(abs) ?? "";
    for (const m of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
      // The comment's lines without their leading ` * `.
      const lines = m[0].split("\n").map((l) => l.replace(/^\s*\/?\*\*?\/?\s?/, "").replace(/\s*\*\/$/, ""));
      const startLine = text.slice(0, m.index).split("\n").length;
      lines.forEach((l, i) => {
        if (!/@example\b/.test(l)) return;
        let j = i + 1;
        while (j < lines.length && lines[j]!.trim() === "") j++;
        let code: string | null = null;
        if (/^```(ts|typescript)\s*$/.test(lines[j]?.trim() ?? "")) {
          const end = lines.findIndex((x, k) => k > j && x.trim() === "```");
          if (end > j) code = lines.slice(j + 1, end).join("\n");
        }
        out.push({ file: path.relative(repoRoot, abs), line: startLine + i, code });
      });
    }
  }
  return out;
}

function sourceFiles(): string[] {
  return ts.sys
    .readDirectory(srcDir, [".ts"], ["**/*.d.ts"], ["**/*"])
    .map((f) => path.resolve(f))
    .sort();
}

// The package's two entry points: the root, and typed-tensor/node (src/node.ts) for the file
// loaders; an example may use the exports of both.
const ENTRIES = ["index.ts", "node.ts"] as const;

/** The names an entry point exports (values and types). */
function entryExports(program: ts.Program, entry: string): string[] {
  const sf = program.getSourceFile(path.join(srcDir, entry));
  const checker = program.getTypeChecker();
  const sym = sf && checker.getSymbolAtLocation(sf);
  if (!sym) throw new Error(`doc-examples: cannot read src/${entry}'s exports`);
  return checker
    .getExportsOfModule(sym)
    .map((s) => s.getName())
    .sort();
}

/** Type-checks every example (or the given ones); returns the problems, none when all compile. */
export function compileDocExamples(examples: readonly DocExample[] = docExamples()): ExampleProblem[] {
  const options = { ...repoCompilerOptions(), noEmit: true };
  const problems: ExampleProblem[] = [];
  for (const ex of examples)
    if (ex.code === null) problems.push({ example: ex, message: "no ```ts fenced block after @example" });
  const base = ts.createProgram(
    ENTRIES.map((e) => path.join(srcDir, e)),
    options,
  );
  const names = ENTRIES.map((e) => entryExports(base, e));
  const dir = path.join(repoRoot, ".doc-examples");
  const virtual = new Map<string, { ex: DocExample; prefix: number }>();
  const texts = new Map<string, string>();
  examples.forEach((ex, i) => {
    if (ex.code === null) return;
    const file = path.join(dir, `example-${i}.ts`);
    const head = [
      ...ENTRIES.map((e, k) => `import { ${names[k]!.join(", ")} } from "../src/${e.replace(/\.ts$/, ".js")}";`),
      `void [${ENTRIES.flatMap((e, k) => names[k]!.filter((n) => isValue(base, e, n))).join(", ")}];`,
      `export async function example(): Promise<void> {`,
    ];
    texts.set(file, [...head, ex.code, "}", ""].join("\n"));
    virtual.set(file, { ex, prefix: head.length });
  });
  const program = virtualProgram(texts, options, base);
  for (const [file, { ex, prefix }] of virtual) {
    const sf = program.getSourceFile(file)!;
    for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
      const line = d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line + 1 - prefix;
      problems.push({
        example: ex,
        message: `snippet line ${line}: TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
      });
    }
  }
  return problems;
}

const valueCache = new Map<string, boolean>();
function isValue(program: ts.Program, entry: string, name: string): boolean {
  if (valueCache.has(name)) return valueCache.get(name)!;
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(path.join(srcDir, entry))!;
  const sym = checker.getExportsOfModule(checker.getSymbolAtLocation(index)!).find((s) => s.getName() === name)!;
  const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
  const v = (target.flags & ts.SymbolFlags.Value) !== 0;
  valueCache.set(name, v);
  return v;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename ?? "")) {
  const examples = docExamples();
  const problems = compileDocExamples(examples);
  for (const p of problems) console.log(`${p.example.file}:${p.example.line}: ${p.message}`);
  console.log(`${examples.length} examples, ${problems.length} problems`);
  process.exitCode = problems.length > 0 ? 1 : 0;
}
