// The pure SHA-256 against node:crypto's, at the lengths where padding changes shape, whole and in chunks.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Sha256, sha256Hex } from "../../src/io/sha256.js";

describe("sha256", () => {
  it("matches node:crypto for every padding case, whole and fed in odd chunks", () => {
    for (const n of [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 100_003]) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 131 + 7) & 255);
      const want = createHash("sha256").update(b).digest("hex");
      expect(sha256Hex(b)).toBe(want);
      const s = new Sha256();
      for (let i = 0; i < n; i += 13) s.update(b.subarray(i, i + 13));
      expect(s.hex()).toBe(want);
    }
    expect(sha256Hex(new TextEncoder().encode("abc"))).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });
});
