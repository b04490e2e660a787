// Printing that reads like NumPy's repr, a port of numpy/_core/arrayprint.py at its defaults
// (NumPy 2.x): precision 8 in "maxprec" mode (the shortest digits that identify each value, at
// most 8 after the point, aligned on the point), line width 75, arrays over 1000 elements
// summarized to their first and last 3 items per axis, and scientific notation when the shown
// magnitudes span too far. test/shape/format.test.ts pins it against NumPy's own output.
import type { Buf, DType } from "./dtype.js";

const LINE_WIDTH = 75;
const THRESHOLD = 1000;
const EDGE = 3;
const PRECISION = 8;

/** A finite non-negative decimal: value = d[0].d[1]d[2]... × 10^exp, no trailing zeros in d. */
interface Decimal {
  digits: string;
  exp: number;
}

/** The shortest digits that read back as x in its dtype (float32 needs fewer than float64). */
function shortest(x: number, f32: boolean): Decimal {
  if (x === 0) return { digits: "0", exp: 0 };
  if (!f32) return parseExponential(x.toExponential());
  // Rounded from the exact value, ties to even: toExponential rounds ties up, and the float32
  // 0.392578125 must print as NumPy's 0.39257812, not 0.39257813.
  const e = exact(x);
  for (let p = 1; p < 9; p++) {
    const d = roundTo(e, p);
    if (Math.fround(Number(`${d.digits[0]}.${d.digits.slice(1)}e${d.exp}`)) === x) return d;
  }
  return roundTo(e, 9); // 9 significant digits always identify a float32
}

function parseExponential(s: string): Decimal {
  const [mantissa, e] = s.split("e") as [string, string];
  return { digits: mantissa.replace(".", "").replace(/0+$/, "") || "0", exp: Number(e) };
}

/** The exact decimal value of a double (every double is a finite binary fraction). */
function exact(x: number): Decimal {
  if (x === 0) return { digits: "0", exp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0),
    lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased !== 0) mant |= 1n << 52n;
  const q = (biased === 0 ? 1 : biased) - 1075; // x = mant × 2^q
  let digits: string, exp: number;
  if (q >= 0) {
    digits = (mant << BigInt(q)).toString();
    exp = digits.length - 1;
  } else {
    digits = (mant * 5n ** BigInt(-q)).toString(); // x = mant·5^-q × 10^q
    exp = digits.length - 1 + q;
  }
  return { digits: digits.replace(/0+$/, "") || "0", exp };
}

/**
 * Rounds to `keep` significant digits, ties to even, as NumPy's Dragon4 does when the cutoff
 * comes before the digits are unique.
 */
function roundTo(d: Decimal, keep: number): Decimal {
  if (d.digits.length <= keep) return d;
  if (keep < 0) return { digits: "0", exp: 0 };
  const head = d.digits.slice(0, keep);
  const next = d.digits.charCodeAt(keep) - 48;
  const rest = d.digits.slice(keep + 1);
  const lastOdd = keep > 0 && (head.charCodeAt(keep - 1) - 48) % 2 === 1;
  const up = next > 5 || (next === 5 && (/[1-9]/.test(rest) || lastOdd));
  if (!up)
    return head === "" || /^0*$/.test(head) ? { digits: "0", exp: 0 } : { digits: head.replace(/0+$/, ""), exp: d.exp };
  // Add one unit in the last kept place; a carry out of the top digit raises the exponent.
  const bumped = (BigInt(head === "" ? "0" : head) + 1n).toString();
  const carried = bumped.length > Math.max(head.length, 1) || head === "";
  return { digits: bumped.replace(/0+$/, "") || "0", exp: carried ? d.exp + 1 : d.exp };
}

/** The unique digits of x, cut (with rounding) to `precision` places after the point. */
function positionalDigits(x: number, f32: boolean): Decimal {
  const s = shortest(x, f32);
  const places = s.digits.length - 1 - s.exp; // digits after the point
  if (places <= PRECISION) return s;
  const e = exact(x);
  return roundTo(e, e.exp + 1 + PRECISION);
}

/** The unique digits of x, cut to `precision` digits after the mantissa's point. */
function scientificDigits(x: number, f32: boolean): Decimal {
  const s = shortest(x, f32);
  return s.digits.length - 1 <= PRECISION ? s : roundTo(exact(x), 1 + PRECISION);
}

/** [integer part, fraction digits] of a decimal written out positionally. */
function splitPositional(d: Decimal): [string, string] {
  if (d.exp < 0) return ["0", "0".repeat(-d.exp - 1) + d.digits];
  const int = d.digits.slice(0, d.exp + 1).padEnd(d.exp + 1, "0");
  return [int, d.digits.slice(d.exp + 1)];
}

function isNegative(x: number): boolean {
  return x < 0 || Object.is(x, -0); // NumPy prints -0. for negative zero
}

/** NumPy's FloatingFormat: one formatter for all shown values, so they line up. */
function floatFormatter(values: readonly number[], dtype: DType): (x: number) => string {
  const f32 = dtype === "f32";
  const finite = values.filter((v) => Number.isFinite(v));
  const nonZero = finite.filter((v) => v !== 0).map(Math.abs);
  let sci = false;
  if (nonZero.length > 0) {
    const maxVal = Math.max(...nonZero),
      minVal = Math.min(...nonZero);
    // float32 has 6 reliable digits, so it switches to scientific from 1e6 rather than 1e8.
    // NumPy compares in the array's dtype: a float32 0.0001 is not below float32 0.0001.
    const cast = f32 ? Math.fround : (v: number) => v;
    const cutoff = f32 ? 1e6 : 1e8;
    sci = maxVal >= cutoff || minVal < cast(0.0001) || cast(maxVal / minVal) > 1000;
  }
  let padLeft = 0,
    padRight = 0;
  let body: (x: number) => string;
  if (finite.length === 0) {
    body = () => "";
  } else if (sci) {
    const parts = finite.map((x) => scientificDigits(Math.abs(x), f32));
    const expSize = Math.max(...parts.map((d) => Math.max(2, String(Math.abs(d.exp)).length)));
    const precision = Math.max(...parts.map((d) => d.digits.length - 1));
    padLeft = Math.max(...finite.map((x) => (isNegative(x) ? 2 : 1)));
    padRight = expSize + 2 + precision;
    body = (x) => {
      // Values with fewer unique digits than the widest are not zero-padded: like Dragon4's
      // min_digits, the extra places show more of the exact value (float32 3.857143 prints as
      // 3.8571429 beside 8 digits, because that is what is stored).
      let d = scientificDigits(Math.abs(x), f32);
      if (d.digits.length - 1 < precision) d = roundTo(exact(Math.abs(x)), 1 + precision);
      const mant = `${d.digits[0]}.${d.digits.slice(1).padEnd(precision, "0")}`;
      const e = `e${d.exp < 0 ? "-" : "+"}${String(Math.abs(d.exp)).padStart(expSize, "0")}`;
      return `${isNegative(x) ? "-" : ""}${mant.slice(0, 1)}`.padStart(padLeft) + mant.slice(1) + e;
    };
  } else {
    const split = (x: number): [string, string] => {
      const [int, frac] = splitPositional(positionalDigits(Math.abs(x), f32));
      return [(isNegative(x) ? "-" : "") + int, frac];
    };
    const parts = finite.map(split);
    padLeft = Math.max(...parts.map(([i]) => i.length));
    padRight = Math.max(...parts.map(([, f]) => f.length));
    body = (x) => {
      const [int, frac] = split(x);
      return `${int.padStart(padLeft)}.${frac.padEnd(padRight)}`;
    };
  }
  if (finite.length !== values.length) {
    // Room for "nan", "inf" and "-inf" in the same width as the numbers.
    const negInf = values.some((v) => v === -Infinity) ? 1 : 0;
    padLeft = Math.max(padLeft, 3 - (padRight + 1), 3 + negInf - (padRight + 1));
  }
  return (x) => {
    if (Number.isFinite(x)) return body(x);
    const s = Number.isNaN(x) ? "nan" : x < 0 ? "-inf" : "inf";
    return s.padStart(padLeft + padRight + 1);
  };
}

/** The indices shown along an axis of length n: all of them, or the edges around a -1 "...". */
function shown(n: number, summarize: boolean): number[] {
  if (!summarize || n <= 2 * EDGE) return Array.from({ length: n }, (_, i) => i);
  const tail = Array.from({ length: EDGE }, (_, i) => n - EDGE + i);
  return [...Array.from({ length: EDGE }, (_, i) => i), -1, ...tail];
}

/** Appends a word to the current line, wrapping first if it would pass `width` (and help). */
function extend(lines: string[], line: string, word: string, width: number, indent: string): string {
  if (line.length + word.length > width && line.length > indent.length) {
    lines.push(line.trimEnd());
    line = indent;
  }
  return line + word;
}

/** One row's elements, wrapped at `width` with a hanging indent (NumPy's _formatArray, last axis). */
function formatRow(words: readonly string[], indent: string, width: number): string {
  const elemWidth = width - 1; // room for the "," or "]" after each element
  const lines: string[] = [];
  let line = indent;
  words.forEach((w, k) => {
    line = extend(lines, line, w, elemWidth, indent);
    if (k < words.length - 1) line += ", ";
  });
  lines.push(line);
  return "[" + lines.join("\n").slice(indent.length) + "]";
}

/** Adds the `shape=..., dtype=...)` tail, on its own line when the last line has no room. */
function withExtras(prefix: string, body: string, shape: readonly number[], dtype: DType): string {
  const head = `${prefix}${body},`;
  const extras = `shape=[${shape.join(", ")}], dtype=${dtype === "f64" ? "float64" : "float32"})`;
  const lastLine = head.length - (head.lastIndexOf("\n") + 1);
  const spacer = lastLine + extras.length + 1 > LINE_WIDTH ? "\n" + " ".repeat(prefix.length) : " ";
  return head + spacer + extras;
}

/** A matrix as NumPy prints one; `name` is "column" for a column vector (an N × 1 matrix). */
export function formatMatrix(rows: number, cols: number, data: Buf, dtype: DType, name = "matrix"): string {
  const prefix = `${name}(`;
  if (rows * cols === 0) return withExtras(prefix, "[]", [rows, cols], dtype);
  const summarize = rows * cols > THRESHOLD;
  const ri = shown(rows, summarize);
  const ci = shown(cols, summarize);
  const values: number[] = [];
  for (const i of ri) if (i >= 0) for (const j of ci) if (j >= 0) values.push(data[i * cols + j]!);
  const fmt = floatFormatter(values, dtype);
  // Widths as NumPy computes them: 75 less the ")" suffix, less one per "]" nesting level.
  const width = LINE_WIDTH - 1;
  const outer = " ".repeat(prefix.length + 1);
  const inner = outer + " ";
  const body = ri
    .map((i) =>
      i < 0
        ? "..."
        : formatRow(
            ci.map((j) => (j < 0 ? "..." : fmt(data[i * cols + j]!))),
            inner,
            width - 1,
          ),
    )
    .map((s, k) => (k === 0 ? s : outer + s))
    .join(",\n");
  return withExtras(prefix, `[${body}]`, [rows, cols], dtype);
}

export function formatVector(size: number, data: Buf, dtype: DType): string {
  const prefix = "vector(";
  if (size === 0) return withExtras(prefix, "[]", [0], dtype);
  const ci = shown(size, size > THRESHOLD);
  const fmt = floatFormatter(
    ci.filter((j) => j >= 0).map((j) => data[j]!),
    dtype,
  );
  const body = formatRow(
    ci.map((j) => (j < 0 ? "..." : fmt(data[j]!))),
    " ".repeat(prefix.length + 1),
    LINE_WIDTH - 1,
  );
  return withExtras(prefix, body, [size], dtype);
}
