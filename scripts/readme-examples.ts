// Compiles every ```ts block of README.md, so the examples a reader copies cannot drift from the
// API. Each block is a module of its own in which `typed-tensor` and `typed-tensor/node` resolve
// to src/index.ts and src/node.ts; a block that shows a mistake marks the line with
// `// @ts-expect-error`, so the block also proves that the mistake is refused. The region between
// `<!-- shape-errors:start -->` and `<!-- shape-errors:end -->` is skipped: it is generated from
// test/fixtures/diagnostics, whose diagnostics test/diagnostics/golden.test.ts pins one by one.
// Run: `npx tsx scripts/readme-examples.ts` (prints each failing block; exit code 1 if any).
import path from "node:path";
import ts from "typescript";
import { repoCompilerOptions, repoRoot, virtualProgram } from "./compile-fixtures.js";

/** One ```ts block of the README: the line its code starts on and the code. */
export interface ReadmeBlock {
  readonly line: number;
  readonly code: string;
}

/** The ```ts blocks of `text` (the README), outside the generated shape-errors region. */
export function readmeBlocks(text: string): ReadmeBlock[] {
  const lines = text.split("\n");
  const out: ReadmeBlock[] = [];
  let generated = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.includes("<!-- shape-errors:start -->")) generated = true;
    if (l.includes("<!-- shape-errors:end -->")) generated = false;
    if (generated || !/^```(ts|typescript)\s*$/.test(l.trim())) continue;
    const end = lines.findIndex((x, k) => k > i && x.trim() === "```");
    if (end < 0) throw new Error(`README.md:${i + 1}: a \`\`\`ts block is never closed`);
    out.push({ line: i + 2, code: lines.slice(i + 1, end).join("\n") });
    i = end;
  }
  return out;
}

/** Type-checks the blocks as one program; returns one line per problem, none when all compile. */
export function compileReadmeBlocks(blocks: readonly ReadmeBlock[]): string[] {
  const options: ts.CompilerOptions = {
    ...repoCompilerOptions(),
    noEmit: true,
    // A block is a snippet: names it declares and never reads are fine.
    noUnusedLocals: false,
    baseUrl: repoRoot,
    paths: { "typed-tensor": ["src/index.ts"], "typed-tensor/node": ["src/node.ts"] },
  };
  const dir = path.join(repoRoot, ".readme-examples");
  const texts = new Map<string, { block: ReadmeBlock; text: string }>();
  blocks.forEach((block, i) => {
    // `export {}` makes every block a module, so two blocks may declare the same names.
    texts.set(path.join(dir, `block-${i}.ts`), { block, text: `${block.code}\nexport {};\n` });
  });
  const program = virtualProgram(new Map([...texts].map(([f, { text }]) => [f, text])), options);
  const problems: string[] = [];
  for (const [file, { block }] of texts) {
    const sf = program.getSourceFile(file)!;
    for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
      const line = d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line;
      problems.push(
        `README.md:${block.line + line}: TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
      );
    }
  }
  return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename ?? "")) {
  const blocks = readmeBlocks(ts.sys.readFile(path.join(repoRoot, "README.md")) ?? "");
  const problems = compileReadmeBlocks(blocks);
  for (const p of problems) console.log(p);
  console.log(`${blocks.length} blocks, ${problems.length} problems`);
  process.exitCode = problems.length > 0 ? 1 : 0;
}
