import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CHECKSUM_KEY, encodeSafetensors, initMLP, initTwoLayer, rng, SafetensorsError } from "../../src/index.js";
import { loadSafetensors, saveSafetensors } from "../../src/node.js";

const dir = mkdtempSync(path.join(tmpdir(), "typed-tensor-st-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => path.join(dir, name);

/** A trained-looking parameter set: random weights and biases. */
function params<D extends "f32" | "f64">(seed: number, dtype: D) {
  const p = initTwoLayer(rng(seed), 12, 5, 3, { std: 1, dtype });
  rng(seed + 1).fillNormal(p.b1.data);
  rng(seed + 2).fillNormal(p.b2.data);
  return p;
}

describe("saveSafetensors / loadSafetensors", () => {
  it.each(["f32", "f64"] as const)("round-trip a two-layer parameter set exactly (%s)", async (dtype) => {
    const p = params(1, dtype);
    const f = file(`two-layer-${dtype}.safetensors`);
    await saveSafetensors(f, p, { model: "two-layer", dtype });
    const template = initTwoLayer(rng(0), 12, 5, 3, { dtype });
    const q = await loadSafetensors(f, template);
    for (const k of ["W1", "b1", "W2", "b2"] as const) {
      expect(q[k].data).toEqual(p[k].data);
      expect(q[k].dtype).toBe(dtype);
      expect(q[k]).not.toBe(template[k]);
    }
    expect([q.W1.rows, q.W1.cols, q.b2.size]).toEqual([12, 5, 3]);
  });
  it("round-trips an MLP's tuple of layers under dotted names", async () => {
    const layers = initMLP(rng(3), [6, 5, 4, 2] as const, { std: 1 });
    const f = file("mlp.safetensors");
    await saveSafetensors(f, layers);
    const back = await loadSafetensors(f, initMLP(rng(0), [6, 5, 4, 2] as const));
    expect(Array.isArray(back)).toBe(true);
    back.forEach((l, i) => expect(l.W.data).toEqual(layers[i]!.W.data));
    const header = JSON.parse(
      readFileSync(f)
        .subarray(8, 8 + readFileSync(f).readUInt32LE(0))
        .toString(),
    );
    expect(Object.keys(header).filter((k) => k !== "__metadata__")).toEqual(["0.W", "0.b", "1.W", "1.b", "2.W", "2.b"]);
  });
  it("replaces an existing file and leaves no temporary file behind", async () => {
    const f = file("replace.safetensors");
    await saveSafetensors(f, params(1, "f32"));
    await saveSafetensors(f, params(7, "f32"));
    expect((await loadSafetensors(f, params(0, "f32"))).W1.data).toEqual(params(7, "f32").W1.data);
    expect(readdirSync(dir).filter((n) => n.includes(".tmp"))).toEqual([]);
  });
});

describe("a failed save leaves no file and no temporary file", () => {
  it("when the target is a directory (the rename fails after the write)", async () => {
    const sub = file("failing");
    mkdirSync(sub);
    const target = path.join(sub, "model.safetensors");
    mkdirSync(target); // a directory where the file should go: rename(temp, target) fails
    await expect(saveSafetensors(target, params(1, "f32"))).rejects.toThrow(`safetensors: ${target}: could not save`);
    expect(readdirSync(sub)).toEqual(["model.safetensors"]);
    expect(readdirSync(target)).toEqual([]);
  });
  it("when the folder does not exist", async () => {
    const target = file("no-such-folder/model.safetensors");
    await expect(saveSafetensors(target, params(1, "f32"))).rejects.toThrow(
      `safetensors: ${target}: could not save: could not create`,
    );
    expect(existsSync(file("no-such-folder"))).toBe(false);
  });
  it("when a tensor cannot be encoded (nothing touches the disk)", async () => {
    const target = file("bad-tree.safetensors");
    await expect(saveSafetensors(target, { W: params(1, "f32").W1, lr: 0.1 } as never)).rejects.toThrow(
      "lr is number, not a Matrix, Vector or record of them",
    );
    expect(readdirSync(dir).filter((n) => n.startsWith("bad-tree"))).toEqual([]);
  });
});

describe("loadSafetensors refuses a file that does not fit, naming the file and the tensor", () => {
  const good = file("good.safetensors");
  const template = () => params(0, "f32");
  const write = (name: string, bytes: Uint8Array) => {
    writeFileSync(file(name), bytes);
    return file(name);
  };
  const goodBytes = () => readFileSync(good);
  it.each([
    [
      "a mismatched shape",
      async () => saveSafetensors(file("shape.st"), initTwoLayer(rng(0), 12, 6, 3)).then(() => file("shape.st")),
      (f: string) => `safetensors: ${f}: tensor "W1": shape [12, 6] in the file, expected [12, 5]`,
    ],
    [
      "a mismatched dtype",
      async () => saveSafetensors(file("dtype.st"), params(0, "f64")).then(() => file("dtype.st")),
      (f: string) => `safetensors: ${f}: tensor "W1": dtype F64 in the file, expected F32`,
    ],
    [
      "a missing tensor",
      async () =>
        saveSafetensors(file("missing.st"), { W1: params(0, "f32").W1, b1: params(0, "f32").b1 }).then(() =>
          file("missing.st"),
        ),
      (f: string) => `safetensors: ${f}: tensor "W2": missing: the file has "W1", "b1"`,
    ],
    [
      "an unexpected tensor",
      async () =>
        saveSafetensors(file("extra.st"), { ...params(0, "f32"), W3: params(0, "f32").W2 }).then(() =>
          file("extra.st"),
        ),
      (f: string) => `safetensors: ${f}: tensor "W3": in the file but not in the expected parameters`,
    ],
    [
      "a truncated file",
      async () => write("trunc.st", goodBytes().subarray(0, goodBytes().length - 10)),
      (f: string) =>
        `safetensors: ${f}: tensor "b2": data_offsets [320, 332] run past the end of the data (322 bytes): truncated file`,
    ],
    [
      "a file cut inside the header",
      async () => write("cut.st", goodBytes().subarray(0, 40)),
      (f: string) => `safetensors: ${f}: the header length`,
    ],
    [
      "a corrupt header",
      async () => {
        const b = goodBytes();
        b[9] = 0x7b;
        b[10] = 0x7b;
        return write("corrupt.st", b);
      },
      (f: string) => `safetensors: ${f}: the header is not valid JSON`,
    ],
    [
      "overlapping offsets",
      async () =>
        write(
          "overlap.st",
          retarget(goodBytes(), "b1", (o) => [o[0] - 4, o[1] - 4]),
        ),
      (f: string) => `safetensors: ${f}: tensor "b1": data_offsets [236, 256] overlap another tensor's data`,
    ],
    [
      "out-of-range offsets",
      async () =>
        write(
          "range.st",
          retarget(goodBytes(), "b2", (o) => [o[0] + 400, o[1] + 400]),
        ),
      (f: string) =>
        `safetensors: ${f}: tensor "b2": data_offsets [720, 732] run past the end of the data (332 bytes): truncated file`,
    ],
    ["a missing file", async () => file("absent.st"), (f: string) => `safetensors: ${f}: could not read the file`],
  ])("%s", async (_what, make, msg) => {
    await saveSafetensors(good, params(1, "f32"));
    const f = await make();
    const t = template();
    const before = t.W1.data.slice();
    await expect(loadSafetensors(f, t)).rejects.toThrow(SafetensorsError);
    await expect(loadSafetensors(f, t)).rejects.toThrow(msg(f));
    expect(t.W1.data).toEqual(before); // no partial state: the template is untouched
  });
  it("loads a file with extra tensors when not strict", async () => {
    await saveSafetensors(file("extra2.st"), { ...params(2, "f32"), note: params(0, "f32").b1 });
    const q = await loadSafetensors(file("extra2.st"), template(), { strict: false });
    expect(q.W2.data).toEqual(params(2, "f32").W2.data);
  });
});

/** Rewrites one tensor's data_offsets in a file's header, keeping the header's byte length. */
function retarget(bytes: Uint8Array, name: string, f: (o: number[]) => number[]): Uint8Array {
  const n = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  header[name].data_offsets = f(header[name].data_offsets);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = Uint8Array.from(bytes);
  out.fill(0x20, 8, 8 + n);
  out.set(json, 8);
  expect(json.length).toBeLessThanOrEqual(n);
  return out;
}

// NumPy reads our files with nothing but json and np.frombuffer, and writes one we read back.
const numpy = spawnSync("python3", ["-c", "import numpy; print(numpy.__version__)"], { encoding: "utf8" });
const hasNumpy = numpy.status === 0;
if (!hasNumpy)
  console.warn(
    `skipping the NumPy interop tests: python3 with NumPy is not available (${numpy.error?.message ?? numpy.stderr.trim()})`,
  );

const READ_PY = `
import json, struct, sys
import numpy as np
raw = open(sys.argv[1], "rb").read()
(n,) = struct.unpack("<Q", raw[:8])
header = json.loads(raw[8:8 + n])
data = raw[8 + n:]
out = {"__metadata__": header.pop("__metadata__", {})}
for name, t in header.items():
    a, b = t["data_offsets"]
    arr = np.frombuffer(data[a:b], dtype={"F32": "<f4", "F64": "<f8"}[t["dtype"]]).reshape(t["shape"])
    out[name] = {"dtype": str(arr.dtype), "shape": list(arr.shape), "values": [float(v) for v in arr.ravel()]}
print(json.dumps(out))
`;
const WRITE_PY = `
import json, struct, sys
import numpy as np
rng = np.random.default_rng(5)
tensors = {"W1": rng.standard_normal((12, 5)).astype("<f4"), "b1": rng.standard_normal(5).astype("<f4"),
           "W2": rng.standard_normal((5, 3)).astype("<f4"), "b2": rng.standard_normal(3).astype("<f4")}
header, chunks, at = {"__metadata__": {"by": "numpy"}}, [], 0
for name in ["b2", "W2", "W1", "b1"]:  # another order than ours: offsets, not order, locate data
    b = tensors[name].tobytes()
    header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [at, at + len(b)]}
    chunks.append(b); at += len(b)
h = json.dumps(header).encode()
open(sys.argv[1], "wb").write(struct.pack("<Q", len(h)) + h + b"".join(chunks))
print(json.dumps({k: [float(x) for x in v.ravel()] for k, v in tensors.items()}))
`;

describe.skipIf(!hasNumpy)("interop with Python and NumPy", () => {
  it("NumPy reads a saved file (json + np.frombuffer) with the same values, shapes and dtypes", async () => {
    const p32 = params(4, "f32");
    const p64 = params(5, "f64");
    const f = file("for-numpy.safetensors");
    await saveSafetensors(f, { f32: p32, f64: p64 }, { note: "from typed-tensor" });
    const r = spawnSync("python3", ["-c", READ_PY, f], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    const got = JSON.parse(r.stdout);
    // The checksum, against node:crypto's SHA-256 of the data section.
    const bytes = readFileSync(f);
    const dataSha = createHash("sha256")
      .update(bytes.subarray(8 + Number(bytes.readBigUInt64LE(0))))
      .digest("hex");
    expect(got.__metadata__).toEqual({ note: "from typed-tensor", [CHECKSUM_KEY]: dataSha });
    for (const [prefix, p, dt] of [
      ["f32", p32, "float32"],
      ["f64", p64, "float64"],
    ] as const) {
      expect(got[`${prefix}.W1`]).toEqual({ dtype: dt, shape: [12, 5], values: Array.from(p.W1.data) });
      expect(got[`${prefix}.b2`]).toEqual({ dtype: dt, shape: [3], values: Array.from(p.b2.data) });
    }
  });
  it("a file NumPy wrote loads here", async () => {
    const f = file("from-numpy.safetensors");
    const r = spawnSync("python3", ["-c", WRITE_PY, f], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    const want = JSON.parse(r.stdout) as Record<string, number[]>;
    const q = await loadSafetensors(f, initTwoLayer(rng(0), 12, 5, 3));
    for (const k of ["W1", "b1", "W2", "b2"] as const) expect(Array.from(q[k].data)).toEqual(want[k]);
  });
});

it("saveSafetensors writes exactly encodeSafetensors' bytes", async () => {
  const p = params(9, "f64");
  const f = file("same.safetensors");
  await saveSafetensors(f, p);
  const bytes = encodeSafetensors([
    { name: "W1", dtype: "F64", shape: [12, 5], data: p.W1.data },
    { name: "b1", dtype: "F64", shape: [5], data: p.b1.data },
    { name: "W2", dtype: "F64", shape: [5, 3], data: p.W2.data },
    { name: "b2", dtype: "F64", shape: [3], data: p.b2.data },
  ]);
  expect(new Uint8Array(readFileSync(f))).toEqual(bytes);
});

describe("issue 12, finding 6: model files", () => {
  it("refuses non-finite weights unless allowNonFinite, naming the tensor and the element", async () => {
    const p = params(1, "f32");
    p.W2.data[7] = NaN;
    const f = file("nan.safetensors");
    await saveSafetensors(f, p);
    await expect(loadSafetensors(f, initTwoLayer(rng(0), 12, 5, 3))).rejects.toThrow(
      `safetensors: ${f}: tensor "W2": element 7 is NaN: non-finite weights (a diverged run?) are refused; pass { allowNonFinite: true } to load them anyway`,
    );
    p.W2.data[7] = -Infinity;
    await saveSafetensors(f, p);
    await expect(loadSafetensors(f, initTwoLayer(rng(0), 12, 5, 3))).rejects.toThrow(/element 7 is -Infinity/);
    const q = await loadSafetensors(f, initTwoLayer(rng(0), 12, 5, 3), { allowNonFinite: true });
    expect(q.W2.data[7]).toBe(-Infinity);
  });

  it("verifies the data's checksum when the file has one, and loads files without one", async () => {
    const f = file("sum.safetensors");
    await saveSafetensors(f, params(2, "f32"));
    const b = readFileSync(f);
    b[b.length - 1] ^= 1; // one bit of b2 flipped: still a well-formed file
    writeFileSync(f, b);
    await expect(loadSafetensors(f, initTwoLayer(rng(0), 12, 5, 3))).rejects.toThrow(
      new RegExp(
        `^safetensors: ${f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: the data's SHA-256 is [0-9a-f]{64} but the header records [0-9a-f]{64}: the file is corrupt$`,
      ),
    );
    // The same tensors with a header written by someone else (no checksum) load.
    const p = params(3, "f32");
    const entries = (["W1", "b1", "W2", "b2"] as const).map((k) => ({
      name: k,
      dtype: "F32" as const,
      shape: k.startsWith("W") ? [p[k].data.length / (k === "W1" ? 5 : 3), k === "W1" ? 5 : 3] : [p[k].data.length],
      data: p[k].data,
    }));
    const mine = encodeSafetensors(entries);
    const n = Number(Buffer.from(mine).readBigUInt64LE(0));
    const header = JSON.parse(Buffer.from(mine.subarray(8, 8 + n)).toString());
    delete header.__metadata__;
    const json = Buffer.from(JSON.stringify(header));
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(json.length));
    writeFileSync(f, Buffer.concat([len, json, mine.subarray(8 + n)]));
    const q = await loadSafetensors(f, initTwoLayer(rng(0), 12, 5, 3));
    expect(q.W1.data).toEqual(p.W1.data);
  });
});
