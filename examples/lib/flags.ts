// A small, typed command-line flag parser for the examples: `--name value` or `--name=value`,
// every value checked (type, range, choices) before any work starts, and a FlagError whose
// message says which flag and why. Flag keys are camelCase and spelled kebab-case on the line.

/** One flag: its type, range, default and one line of help. */
export type FlagSpec =
  | {
      readonly type: "int";
      readonly min?: number;
      readonly max?: number;
      readonly default?: number;
      readonly help: string;
    }
  | {
      readonly type: "number";
      readonly min?: number;
      readonly above?: number;
      readonly max?: number;
      readonly default?: number;
      readonly help: string;
    }
  | { readonly type: "string"; readonly default?: string; readonly help: string; readonly value?: string }
  | { readonly type: "choice"; readonly choices: readonly string[]; readonly default?: string; readonly help: string }
  // A switch takes no value: present is true, absent is false.
  | { readonly type: "switch"; readonly default: false; readonly help: string };

type ValueOf<S> = S extends { type: "int" | "number" }
  ? number
  : S extends { type: "switch" }
    ? boolean
    : S extends { type: "choice"; choices: readonly (infer C)[] }
      ? C
      : string;

/** The parsed values: flags with a default are always set, others may be undefined. */
export type Flags<S extends Record<string, FlagSpec>> = {
  -readonly [K in keyof S]: S[K] extends { default: unknown } ? ValueOf<S[K]> : ValueOf<S[K]> | undefined;
};

/** A bad command line: the message names the flag and what is wrong. */
export class FlagError extends Error {
  override readonly name = "FlagError";
}

/** `evalEvery` → `--eval-every` */
export function flagName(key: string): string {
  return "--" + key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
}

// Decimal numbers only: Number() would also take "", " ", "0x10" and "Infinity".
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function convert(flag: string, spec: FlagSpec, raw: string): string | number | boolean {
  if (spec.type === "switch") throw new FlagError(`${flag} takes no value, got "${raw}"`);
  if (spec.type === "string") {
    if (raw === "") throw new FlagError(`${flag} needs a non-empty value`);
    return raw;
  }
  if (spec.type === "choice") {
    if (!spec.choices.includes(raw))
      throw new FlagError(`${flag} must be one of ${spec.choices.join(", ")}, got "${raw}"`);
    return raw;
  }
  const n = DECIMAL.test(raw) ? Number(raw) : NaN;
  if (spec.type === "int") {
    if (!Number.isSafeInteger(n)) throw new FlagError(`${flag} must be a whole number, got "${raw}"`);
    if (spec.min !== undefined && n < spec.min) throw new FlagError(`${flag} must be at least ${spec.min}, got ${raw}`);
    if (spec.max !== undefined && n > spec.max) throw new FlagError(`${flag} must be at most ${spec.max}, got ${raw}`);
    return n;
  }
  if (!Number.isFinite(n)) throw new FlagError(`${flag} must be a number, got "${raw}"`);
  if (spec.above !== undefined && !(n > spec.above))
    throw new FlagError(`${flag} must be greater than ${spec.above}, got ${raw}`);
  if (spec.min !== undefined && n < spec.min) throw new FlagError(`${flag} must be at least ${spec.min}, got ${raw}`);
  if (spec.max !== undefined && n > spec.max) throw new FlagError(`${flag} must be at most ${spec.max}, got ${raw}`);
  return n;
}

/** Levenshtein distance, for "did you mean" on a mistyped flag. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Parses `argv` (without node and the script) against `specs`. Returns `help: true` when
 * `--help` or `-h` is given; throws FlagError for an unknown flag, a missing or bad value, a flag
 * given twice or a stray argument.
 * @example
 * const { values } = parseFlags(["--iters", "600"], { iters: { type: "int", min: 1, default: 10000, help: "steps" } });
 */
export function parseFlags<const S extends Record<string, FlagSpec>>(
  argv: readonly string[],
  specs: S,
): { values: Flags<S>; help: boolean; given: ReadonlySet<keyof S & string> } {
  const byName = new Map(Object.keys(specs).map((k) => [flagName(k), k]));
  const values: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(specs)) if (spec.default !== undefined) values[k] = spec.default;
  const seen = new Set<string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") {
      help = true;
      continue;
    }
    if (!arg.startsWith("--"))
      throw new FlagError(`unexpected argument "${arg}": flags are spelled --name value (see --help)`);
    const eq = arg.indexOf("=");
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    const key = byName.get(flag);
    if (key === undefined) {
      const near = [...byName.keys()].filter((n) => distance(n, flag) <= 2);
      throw new FlagError(
        `unknown flag ${flag}${near.length ? ` (did you mean ${near.join(" or ")}?)` : ""}; see --help`,
      );
    }
    if (seen.has(key)) throw new FlagError(`${flag} is given twice`);
    seen.add(key);
    if (specs[key]!.type === "switch" && eq < 0) {
      values[key] = true;
      continue;
    }
    let raw: string;
    if (eq >= 0) raw = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith("--") && !DECIMAL.test(next)))
        throw new FlagError(`${flag} needs a value`);
      raw = next;
      i++;
    }
    values[key] = convert(flag, specs[key]!, raw);
  }
  return { values: values as Flags<S>, help, given: seen as Set<keyof S & string> };
}

/** `10000000` → `10,000,000` */
const big = (n: number) => n.toLocaleString("en-US");

/** The help text: one aligned line per flag with its range and default. */
export function usage(specs: Record<string, FlagSpec>, intro: string): string {
  const rows = Object.entries(specs).map(([k, s]) => {
    const meta =
      s.type === "choice"
        ? s.choices.join("|")
        : s.type === "string"
          ? (s.value ?? "TEXT")
          : s.type === "int"
            ? "N"
            : s.type === "switch"
              ? ""
              : "X";
    // The upper bound is shown: it is what keeps a run within memory; lower bounds are obvious.
    const hi = s.type === "int" || s.type === "number" ? s.max : undefined;
    const range =
      hi === undefined ? "" : `${s.type === "int" && s.min !== undefined ? `${big(s.min)} to ` : "at most "}${big(hi)}`;
    const def = [range, s.default !== undefined && s.type !== "switch" ? `default ${s.default}` : ""]
      .filter(Boolean)
      .join("; ");
    const defText = def ? ` (${def})` : "";
    return [`  ${flagName(k)}${meta ? ` ${meta}` : ""}`, `${s.help}${defText}`] as const;
  });
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  return `${intro}\n\nFlags:\n${rows.map(([l, r]) => l.padEnd(width) + r).join("\n")}\n  ${"--help".padEnd(width - 2)}this text\n`;
}
