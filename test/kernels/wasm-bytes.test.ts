// The committed kernels (src/kernels/wasm/*.wat and *-wasm-bytes.ts) are exactly what the
// generators in scripts/wasm write and wabt compiles: nobody can edit one and not the other.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ACTIVATION_ARTIFACTS, activationWat } from "../../scripts/wasm/gen-activation.js";
import { GEMM_ARTIFACTS, gemmWat, PACK_TABLE, packTable } from "../../scripts/wasm/gen-gemm.js";
import { bytesModule, compileWat, type BytesModuleInfo } from "../../scripts/wasm/wat-build.js";
import { ACTIVATION_WASM_BASE64 } from "../../src/kernels/wasm/activation-wasm-bytes.js";
import { GEMM_WASM_BASE64 } from "../../src/kernels/wasm/gemm-wasm-bytes.js";
import { RESERVED_BYTES } from "../../src/kernels/wasm/heap.js";
import { webAssembly } from "../../src/kernels/wasm/wasm-api.js";

const dir = new URL("../../src/kernels/wasm/", import.meta.url);

describe.each<[string, () => string, BytesModuleInfo, string]>([
  ["gemm", gemmWat, GEMM_ARTIFACTS, GEMM_WASM_BASE64],
  ["activation", activationWat, ACTIVATION_ARTIFACTS, ACTIVATION_WASM_BASE64],
])("generated %s module", (_, wat, info, committed) => {
  it("the .wat file is the generator's output", () => {
    expect(readFileSync(new URL(info.watFile, dir), "utf8")).toBe(wat());
  });
  it("the committed bytes are wabt's compilation of it", async () => {
    const bytes = await compileWat(wat(), info.watFile);
    expect(Buffer.from(committed, "base64").equals(Buffer.from(bytes))).toBe(true);
    expect(readFileSync(new URL(info.watFile.replace(".wat", "-wasm-bytes.ts"), dir), "utf8")).toBe(
      bytesModule(bytes, info),
    );
  });
  it("uses only standard SIMD128 (no relaxed SIMD, which Node 20 hides behind a flag)", () => {
    expect(wat()).not.toMatch(/relaxed/);
    expect(webAssembly()!.validate(Buffer.from(committed, "base64"))).toBe(true);
  });
});

describe("the left-pack table", () => {
  it("moves exactly the masked lanes, in order, and sits in memory the heap never hands out", () => {
    const t = packTable();
    expect(PACK_TABLE + t.length).toBeLessThanOrEqual(RESERVED_BYTES);
    for (let mask = 0; mask < 16; mask++) {
      const lanes = [0, 1, 2, 3].filter((l) => mask & (1 << l));
      lanes.forEach((lane, j) => {
        expect(Array.from(t.subarray(mask * 16 + 4 * j, mask * 16 + 4 * j + 4))).toEqual([
          4 * lane,
          4 * lane + 1,
          4 * lane + 2,
          4 * lane + 3,
        ]);
      });
    }
  });
});
