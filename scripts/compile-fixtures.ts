// The compiler-API harness behind the golden diagnostics, the type-checking budget and the
// README's "Reading shape errors": it compiles fixture programs with the repo's own compiler
// options and reports what a person would see in the editor (code, line, message, hover text).
import { fileURLToPath } from "node:url";
import path from "node:path";
import ts from "typescript";

/** The repository root (this file lives in scripts/). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Where the golden fixture programs live. They are excluded from tsconfig: they hold errors on purpose. */
export const fixtureDir = path.join(repoRoot, "test/fixtures/diagnostics");

/** The compiler options of tsconfig.json, so fixtures compile exactly as the repo's code does. */
export function repoCompilerOptions(): ts.CompilerOptions {
  const configPath = path.join(repoRoot, "tsconfig.json");
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) throw new Error(`tsconfig.json: ${ts.flattenDiagnosticMessageText(read.error.messageText, "\n")}`);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, repoRoot, undefined, configPath);
  if (parsed.errors.length > 0) {
    throw new Error(
      `tsconfig.json: ${parsed.errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, "\n")).join("; ")}`,
    );
  }
  return parsed.options;
}

/** One diagnostic as a reader sees it: file (relative to the repo), 1-based line, code, full message. */
export interface Seen {
  file: string;
  line: number;
  code: number;
  message: string;
  /** The source line the diagnostic points at, trimmed. */
  source: string;
}

export function seen(d: ts.Diagnostic): Seen {
  const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
  if (!d.file || d.start === undefined) return { file: "", line: 0, code: d.code, message, source: "" };
  const { line } = d.file.getLineAndCharacterOfPosition(d.start);
  const text = d.file.text.split(/\r?\n/)[line] ?? "";
  return { file: path.relative(repoRoot, d.file.fileName), line: line + 1, code: d.code, message, source: text.trim() };
}

/** The fixture programs (`*.fixture.ts`), sorted so every run checks them in the same order. */
export function fixtureFiles(): string[] {
  return ts.sys
    .readDirectory(fixtureDir, [".ts"], undefined, ["**/*.fixture.ts"])
    .map((f) => path.resolve(f))
    .sort();
}

/**
 * A language service over the fixtures: one program and one checker for diagnostics and hover.
 * Diagnostics are collected for every file, in sorted order, before any hover is asked for:
 * the order in which a checker first meets types decides the order it prints union members in,
 * so checking in one fixed order keeps the messages identical between the tests and the README.
 */
export class FixtureService {
  readonly service: ts.LanguageService;
  readonly files: readonly string[];
  /** Every diagnostic of every fixture, keyed by the fixture's repo-relative path. */
  readonly diagnostics: ReadonlyMap<string, readonly Seen[]>;

  constructor(files: readonly string[] = fixtureFiles()) {
    if (files.length === 0) throw new Error(`no *.fixture.ts files found in ${fixtureDir}`);
    this.files = files;
    const options = repoCompilerOptions();
    const host: ts.LanguageServiceHost = {
      getCompilationSettings: () => options,
      getScriptFileNames: () => [...files],
      // The files do not change while a test runs, so one version is enough.
      getScriptVersion: () => "1",
      getScriptSnapshot: (f) => {
        const text = ts.sys.readFile(f);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCurrentDirectory: () => repoRoot,
      getDefaultLibFileName: ts.getDefaultLibFilePath,
      fileExists: ts.sys.fileExists,
      readFile: ts.sys.readFile,
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
    };
    this.service = ts.createLanguageService(host, ts.createDocumentRegistry());
    const program = this.program();
    const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
    if (global.length > 0) throw new Error(`fixture program: ${global.map((d) => seen(d).message).join("; ")}`);
    const byFile = new Map<string, Seen[]>();
    for (const f of files) {
      const sf = program.getSourceFile(f);
      if (!sf) throw new Error(`fixture program lost ${f}`);
      const ds = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
      byFile.set(
        path.relative(repoRoot, f),
        ds.map(seen).sort((a, b) => a.line - b.line),
      );
    }
    this.diagnostics = byFile;
  }

  program(): ts.Program {
    const p = this.service.getProgram();
    if (!p) throw new Error("the language service has no program");
    return p;
  }

  /** Diagnostics of one fixture, by its repo-relative path or its file name. */
  diagnosticsOf(file: string): readonly Seen[] {
    return this.diagnostics.get(this.pathOf(file))!;
  }

  /**
   * The hover text of the declaration `const <name>` (or `let`) in a fixture, as the editor
   * shows it, e.g. `const h: Matrix<100, 50, "f32">`.
   */
  quickInfo(file: string, name: string): string {
    const abs = path.join(repoRoot, this.pathOf(file));
    const sf = this.program().getSourceFile(abs)!;
    const match = new RegExp(`\\b(?:const|let)\\s+(${name})\\b`).exec(sf.text);
    if (!match) throw new Error(`${file}: no declaration of ${name}`);
    const pos = match.index + match[0].length - name.length;
    const info = this.service.getQuickInfoAtPosition(abs, pos);
    if (!info) throw new Error(`${file}: no quick info at ${name}`);
    return ts.displayPartsToString(info.displayParts);
  }

  /** A fixture's repo-relative path, from that path or its file name. */
  pathOf(file: string): string {
    const keys = [...this.diagnostics.keys()];
    const key = keys.find((k) => k === file || path.basename(k) === file);
    if (!key) throw new Error(`unknown fixture ${file}; known: ${keys.join(", ")}`);
    return key;
  }
}

/**
 * The markers in a fixture: a `// ✗ <what is wrong>` comment sits on the line above each
 * deliberate mistake. Returns the 1-based line of the mistake and its description.
 */
export function mistakeMarkers(file: string): { line: number; what: string }[] {
  const text = ts.sys.readFile(path.isAbsolute(file) ? file : path.join(repoRoot, file));
  if (text === undefined) throw new Error(`cannot read ${file}`);
  const lines = text.split(/\r?\n/);
  const out: { line: number; what: string }[] = [];
  lines.forEach((l, i) => {
    const m = /^\s*\/\/ ✗ (.+)$/.exec(l);
    if (m) out.push({ line: i + 2, what: m[1]!.trim() });
  });
  return out;
}

// Parsed source files (lib.d.ts, @types/node, src/) are shared between the programs that the
// budget builds: parsing is the slow part, and a fresh checker per program keeps the
// instantiation counts independent of each other.
const parsed = new Map<string, ts.SourceFile>();

/**
 * Type-checks a program made of `roots` (real files) plus `virtual` files (path -> text, never
 * written to disk) and returns its diagnostics and the checker's instantiation count: the figure
 * `tsc --extendedDiagnostics` prints as "Instantiations", deterministic for a pinned TypeScript.
 */
export function checkProgram(
  virtual: ReadonlyMap<string, string>,
  roots: readonly string[] = [],
): {
  diagnostics: Seen[];
  instantiations: number;
} {
  const options = repoCompilerOptions();
  const host = ts.createCompilerHost(options);
  const baseGet = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang, onError, create) => {
    const text = virtual.get(f);
    if (text !== undefined) return ts.createSourceFile(f, text, lang);
    const hit = parsed.get(f);
    if (hit) return hit;
    const sf = baseGet(f, lang, onError, create);
    if (sf) parsed.set(f, sf);
    return sf;
  };
  const baseExists = host.fileExists.bind(host);
  host.fileExists = (f) => virtual.has(f) || baseExists(f);
  const baseRead = host.readFile.bind(host);
  host.readFile = (f) => virtual.get(f) ?? baseRead(f);
  const program = ts.createProgram([...roots, ...virtual.keys()], options, host);
  const diagnostics = ts.getPreEmitDiagnostics(program).map(seen);
  return { diagnostics, instantiations: program.getInstantiationCount() };
}

/**
 * A program over in-memory files (absolute path -> text) on top of the real ones, for checks that
 * compile snippets (the @example blocks, the README's ts blocks) without writing them anywhere.
 */
export function virtualProgram(
  texts: ReadonlyMap<string, string>,
  options: ts.CompilerOptions,
  oldProgram?: ts.Program,
): ts.Program {
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang, ...rest) => {
    const t = texts.get(path.resolve(f));
    return t !== undefined ? ts.createSourceFile(f, t, lang) : getSourceFile(f, lang, ...rest);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (f) => texts.has(path.resolve(f)) || fileExists(f);
  return ts.createProgram([...texts.keys()], options, host, oldProgram);
}
