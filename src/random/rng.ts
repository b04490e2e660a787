// A seeded generator: xoshiro128** (Blackman & Vigna), seeded through splitmix32. Small, fast on
// 32-bit integer math, and the same seed gives the same stream on every JS engine.
import type { Buf } from "../shape/dtype.js";

function splitmix32(state: number): [number, number] {
  state = (state + 0x9e3779b9) | 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [state, (z ^ (z >>> 16)) >>> 0];
}

/** A generator's state, as Rng.state() returns it: plain JSON. */
export interface RngState {
  readonly s: readonly number[];
  readonly spare: number | null;
}

/** A seeded random generator; never Math.random in library code. */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare = NaN;

  constructor(readonly seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`rng: seed must be a safe integer, got ${seed}`);
    // The low and high 32 bits of a 53-bit seed each seed their own splitmix32 stream (the high
    // one offset by a constant), so distinct safe-integer seeds give distinct states: rng(-1)
    // and rng(2 ** 32 + 1) do not coincide.
    const lo = seed | 0;
    const hi = Math.floor(seed / 2 ** 32) | 0;
    const out: number[] = [];
    let st = lo;
    for (let i = 0; i < 2; i++) {
      const [ns, v] = splitmix32(st);
      st = ns;
      out.push(v);
    }
    st = hi ^ 0x5bd1e995;
    for (let i = 0; i < 2; i++) {
      const [ns, v] = splitmix32(st);
      st = ns;
      out.push(v);
    }
    [this.s0, this.s1, this.s2, this.s3] = out as [number, number, number, number];
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!(Number.isInteger(n) && n > 0 && n <= 2 ** 32))
      throw new RangeError(`rng.int: n must be an integer in [1, 2^32], got ${n}`);
    // Rejection sampling: drop the top partial range so every value is equally likely.
    const limit = 2 ** 32 - (2 ** 32 % n);
    let x: number;
    do x = this.nextUint32();
    while (x >= limit);
    return x % n;
  }

  /** A standard normal sample (Marsaglia's polar method; the second sample is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = NaN;
      return s;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return u * f;
  }

  /**
   * The generator's whole state (for a checkpoint): four 32-bit words and the normal sample kept
   * for the next normal() call (null when none is kept).
   * @example
   * ```ts
   * const g = rng(1); const saved = g.state(); const a = g.next(); g.setState(saved); g.next() === a; // true
   * ```
   */
  state(): RngState {
    return { s: [this.s0, this.s1, this.s2, this.s3], spare: Number.isNaN(this.spare) ? null : this.spare };
  }

  /** Restores a state from state(): the stream continues exactly where it was saved. */
  setState(st: RngState): this {
    const s = st?.s;
    if (!Array.isArray(s) || s.length !== 4 || !s.every((w) => Number.isInteger(w) && w >= -(2 ** 31) && w < 2 ** 32)) {
      throw new RangeError(`rng.setState: s must be four 32-bit integers, got ${JSON.stringify(s)}`);
    }
    if (s.every((w) => w === 0)) throw new RangeError("rng.setState: an all-zero state would only ever give zeros");
    if (!(st.spare === null || Number.isFinite(st.spare)))
      throw new RangeError(`rng.setState: spare must be a finite number or null`);
    [this.s0, this.s1, this.s2, this.s3] = s.map((w) => w | 0) as [number, number, number, number];
    this.spare = st.spare ?? NaN;
    return this;
  }

  /** Fills `out` with normal draws of the given mean and standard deviation; returns `out`. */
  fillNormal(out: Buf, mean = 0, std = 1): Buf {
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.normal();
    return out;
  }

  /** Fills `out` with uniform draws in [low, high); returns `out`. */
  fillUniform(out: Buf, low = 0, high = 1): Buf {
    for (let i = 0; i < out.length; i++) out[i] = low + (high - low) * this.next();
    return out;
  }

  /** Fills `out` with integers drawn uniformly from [0, n), with replacement (np.random.choice). */
  fillInts(out: Int32Array | Uint32Array | number[], n: number): typeof out {
    for (let i = 0; i < out.length; i++) out[i] = this.int(n);
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * A seeded generator.
 * @example
 * ```ts
 * const g = rng(42); g.next(); // the same number for seed 42, every run
 * ```
 */
export function rng(seed: number): Rng {
  return new Rng(seed);
}
