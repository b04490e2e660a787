// src/kernels/wasm/heap.ts: the allocator, and the rule that resident arrays pin the memory.
import { describe, expect, it } from "vitest";
import { createHeap, RESERVED_BYTES, type WasmHeap } from "../../src/kernels/wasm/heap.js";
import { webAssembly } from "../../src/kernels/wasm/wasm-api.js";

function heap(bytes = 1 << 16): WasmHeap {
  const h = createHeap(webAssembly()!, bytes);
  if (!h) throw new Error("no WebAssembly.Memory in this engine");
  return h;
}

describe("WasmHeap", () => {
  it("hands out cache-line aligned, non-overlapping blocks with 16 bytes to spare", () => {
    const h = heap();
    const blocks = [100, 1, 64, 48, 1000].map((bytes) => ({ off: h.alloc(bytes), bytes }));
    for (const b of blocks) expect(b.off % 64).toBe(0);
    const sorted = [...blocks].sort((x, y) => x.off - y.off);
    for (let i = 1; i < sorted.length; i++)
      expect(sorted[i]!.off).toBeGreaterThanOrEqual(sorted[i - 1]!.off + sorted[i - 1]!.bytes + 16);
    // The module's constant tables live below RESERVED_BYTES: nothing is handed out there.
    expect(blocks.every((b) => b.off >= RESERVED_BYTES)).toBe(true);
  });

  it("coalesces freed neighbours so a larger block fits where they were", () => {
    const h = heap();
    const x = h.alloc(1000),
      y = h.alloc(1000),
      z = h.alloc(1000);
    h.release(x);
    h.release(y);
    expect(h.alloc(2000)).toBe(x);
    h.release(z);
    expect(() => h.release(z)).toThrow("wasm heap: no live block at offset");
  });

  it("grows while nothing is resident, and resident arrays pin it", () => {
    const h = heap(1 << 16);
    const big = h.alloc(1 << 20);
    expect(big).toBeGreaterThan(0);
    expect(h.byteLength).toBeGreaterThanOrEqual(1 << 20);
    const r = h.allocResident("f32", 10)!;
    expect(h.residentCount).toBe(1);
    const size = h.byteLength;
    expect(h.alloc(4 * size)).toBe(-1); // would detach r
    expect(h.allocResident("f64", size)).toBeNull();
    expect(h.byteLength).toBe(size);
    r[3] = 5;
    expect(r[3]).toBe(5); // still attached
    h.freeResident(r);
    expect(h.residentCount).toBe(0);
    expect(h.alloc(4 * size)).toBeGreaterThan(0);
  });

  it("reserve makes room before residents pin the memory", () => {
    const h = heap(1 << 16);
    expect(h.reserve(8 << 20)).toBe(true);
    const a = h.allocResident("f32", 1 << 20)!,
      b = h.allocResident("f64", 1 << 19)!;
    expect(a.length).toBe(1 << 20);
    expect(b.length).toBe(1 << 19);
    expect(h.offsetOf(a)).toBe(a.byteOffset);
    expect(h.reserve(64 << 20)).toBe(false); // pinned now
  });

  it("resident arrays start zeroed even in a reused block, and are recognised as resident", () => {
    const h = heap();
    const a = h.allocResident("f32", 16)!;
    a.fill(9);
    h.freeResident(a);
    const b = h.allocResident("f32", 16)!;
    expect(Array.from(b)).toEqual(new Array(16).fill(0));
    expect(h.offsetOf(b)).toBe(b.byteOffset);
    expect(h.offsetOf(new Float32Array(16))).toBe(-1);
  });

  it("skips the zeroing when asked (workspaces written before they are read)", () => {
    const h = heap();
    const a = h.allocResident("f32", 16)!;
    a.fill(9);
    h.freeResident(a);
    const b = h.allocResident("f32", 16, false)!;
    expect(b.byteOffset).toBe(a.byteOffset); // the same block again, as it was left
    expect(Array.from(b)).toEqual(new Array(16).fill(9));
    h.freeResident(b);
  });

  it("refuses to free what it did not allocate", () => {
    const h = heap();
    expect(() => h.freeResident(new Float32Array(4))).toThrow("wasm heap: not a live resident array of this heap");
    const a = h.allocResident("f32", 8)!;
    expect(() => h.freeResident(a.subarray(2))).toThrow("not a live resident array");
  });
});
