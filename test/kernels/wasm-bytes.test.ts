// The committed kernels (src/kernels/wasm/gemm.wat and gemm-wasm-bytes.ts) are exactly what
// scripts/wasm/gen-gemm.ts generates and wabt compiles: nobody can edit one and not the other.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bytesModule, compileWat, gemmWat, PACK_TABLE, packTable } from "../../scripts/wasm/gen-gemm.js";
import { RESERVED_BYTES } from "../../src/kernels/wasm/heap.js";
import { GEMM_WASM_BASE64 } from "../../src/kernels/wasm/gemm-wasm-bytes.js";
import { webAssembly } from "../../src/kernels/wasm/wasm-api.js";

const dir = new URL("../../src/kernels/wasm/", import.meta.url);

describe("generated wasm", () => {
  it("gemm.wat is the generator's output", () => {
    expect(readFileSync(new URL("gemm.wat", dir), "utf8")).toBe(gemmWat());
  });
  it("the committed bytes are wabt's compilation of it", async () => {
    const bytes = await compileWat(gemmWat());
    expect(Buffer.from(GEMM_WASM_BASE64, "base64").equals(Buffer.from(bytes))).toBe(true);
    expect(readFileSync(new URL("gemm-wasm-bytes.ts", dir), "utf8")).toBe(bytesModule(bytes));
  });
  it("the left-pack table moves exactly the masked lanes, in order, and sits in reserved memory", () => {
    const t = packTable();
    expect(PACK_TABLE + t.length).toBeLessThanOrEqual(RESERVED_BYTES);
    for (let mask = 0; mask < 16; mask++) {
      const lanes = [0, 1, 2, 3].filter((l) => mask & (1 << l));
      lanes.forEach((lane, j) => {
        expect(Array.from(t.subarray(mask * 16 + 4 * j, mask * 16 + 4 * j + 4))).toEqual([4 * lane, 4 * lane + 1, 4 * lane + 2, 4 * lane + 3]);
      });
    }
  });
  it("uses only standard SIMD128 (no relaxed SIMD, which Node 20 hides behind a flag)", () => {
    expect(gemmWat()).not.toMatch(/relaxed/);
    expect(webAssembly()!.validate(Buffer.from(GEMM_WASM_BASE64, "base64"))).toBe(true);
  });
});
