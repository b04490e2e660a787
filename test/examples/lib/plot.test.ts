import { describe, expect, it } from "vitest";
import {
  esc,
  movingAverage,
  niceTicks,
  panel,
  reduceSeries,
  tickLabel,
  trainingPlot,
} from "../../../examples/lib/plot.js";

describe("plot", () => {
  it("picks round ticks that cover the data", () => {
    expect(niceTicks(0.13, 2.31)).toEqual({ lo: 0, hi: 2.5, step: 0.5, ticks: [0, 0.5, 1, 1.5, 2, 2.5] });
    expect(niceTicks(0, 9999).ticks).toEqual([0, 2000, 4000, 6000, 8000, 10000]);
    expect(niceTicks(0.9, 0.95).ticks).toEqual([0.9, 0.91, 0.92, 0.93, 0.94, 0.95]);
    expect(niceTicks(0.1, 0.3).ticks).toEqual([0.1, 0.15, 0.2, 0.25, 0.3]); // no 0.30000000000000004
    const flat = niceTicks(2, 2);
    expect(flat.lo).toBeLessThan(2);
    expect(flat.hi).toBeGreaterThan(2);
    expect(niceTicks(NaN, Infinity).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it("labels ticks with the decimals the step needs and thousands separators", () => {
    expect([tickLabel(10000, 2000), tickLabel(0.5, 0.5), tickLabel(0.92, 0.01), tickLabel(1, 0.2)]).toEqual([
      "10,000",
      "0.5",
      "0.92",
      "1.0",
    ]);
  });

  it("smooths with a trailing moving average and passes non-finite values through", () => {
    expect(Array.from(movingAverage([1, 2, 3, 4], 2))).toEqual([1, 1.5, 2.5, 3.5]);
    expect(Array.from(movingAverage([1, NaN, 3], 2))).toEqual([1, NaN, 2]);
  });

  it("reduces a long series to each pixel column's extremes, keeping spikes", () => {
    const n = 10000;
    const x = Array.from({ length: n }, (_, i) => i);
    const y = x.map((i) => (i === 4321 ? 50 : 1));
    const pts = reduceSeries(x, y, 0, n, 100);
    expect(pts.length).toBeLessThanOrEqual(400);
    expect(pts.some(([, v]) => v === 50)).toBe(true);
    expect(pts[0]).toEqual([0, 1]);
    expect(pts[pts.length - 1]).toEqual([n - 1, 1]);
    // Short series are kept whole; non-finite values become gaps.
    expect(reduceSeries([0, 1, 2], [1, Infinity, 3], 0, 2, 100)).toEqual([
      [0, 1],
      [1, NaN],
      [2, 3],
    ]);
  });

  it("draws a panel with axes, a title, labels and a legend, breaking lines at gaps", () => {
    const svg = panel({
      title: "T <1>",
      xLabel: "iteration",
      yLabel: "loss",
      x: 0,
      y: 0,
      width: 400,
      height: 300,
      series: [{ name: "a & b", x: [0, 1, 2, 3], y: [1, 2, NaN, 4], color: "#123456" }],
    });
    expect(svg).toContain(">T &lt;1&gt;<");
    expect(svg).toContain(">a &amp; b<");
    expect(svg).toContain(">iteration<");
    expect(svg).toContain(">loss<");
    const d = /<path d="([^"]+)"/.exec(svg)![1]!;
    expect(d.match(/M/g)).toHaveLength(2); // two pieces around the NaN
    expect(esc(`"x"`)).toBe("&quot;x&quot;");
  });

  it("puts loss and accuracy side by side in one SVG", () => {
    const svg = trainingPlot({
      title: "run",
      subtitle: "sub",
      losses: [2.3, 1.5, 0.9, 0.5],
      evals: [
        { iter: 0, train_acc: 0.1, test_acc: 0.11 },
        { iter: 3, train_acc: 0.8, test_acc: 0.79 },
      ],
    });
    expect(svg.startsWith(`<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="500"`)).toBe(true);
    for (const t of [
      "Training loss",
      "Accuracy",
      "loss per step",
      "moving average (10 steps)",
      "train (final 0.8000)",
      "test (final 0.7900)",
      ">sub<",
    ]) {
      expect(svg).toContain(t);
    }
    expect(svg.match(/<circle /g)).toHaveLength(3); // two train points and the legend's sample
  });
});
