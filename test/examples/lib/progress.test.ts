import { describe, expect, it } from "vitest";
import { barLine, clock, progress } from "../../../examples/lib/progress.js";

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { out: { isTTY, columns: 100, write: (s: string) => chunks.push(s) }, text: () => chunks.join("") };
}

describe("progress", () => {
  it("formats durations", () => {
    expect([clock(0), clock(75), clock(3725), clock(NaN)]).toEqual(["0:00", "1:15", "1:02:05", "--:--"]);
  });

  it("draws a bar with the count, steps/s and the time left", () => {
    const line = barLine(2500, 10000, 5, 100, "loss 0.512");
    expect(line).toBe(`[${"█".repeat(10)}${"░".repeat(30)}]  2500/10000  25%  500 steps/s  left 0:15  loss 0.512`);
    expect(barLine(5, 10, 1, 30).length).toBeLessThanOrEqual(29);
  });

  it("off a terminal prints only the logged lines", () => {
    const { out, text } = sink(false);
    const p = progress(10, out);
    p.tick(1, "x");
    p.log("iter 0");
    p.tick(10);
    p.stop();
    expect(text()).toBe("iter 0\n");
  });

  it("on a terminal redraws at most ten times a second and keeps logged lines above the bar", () => {
    const { out, text } = sink(true);
    let t = 0;
    const p = progress(100, out, () => t);
    p.tick(1); // drawn (first)
    t = 50;
    p.tick(2); // too soon: skipped
    t = 150;
    p.tick(3); // drawn
    p.log("iter 3");
    p.stop();
    const draws = text().split("\r\x1b[2K").filter(Boolean);
    expect(draws.map((d) => d.replace(/ +/g, " ").slice(0, 80))).toEqual([
      expect.stringMatching(/^\[░+\] 1\/100 1% /),
      expect.stringMatching(/^\[█?░+\] 3\/100 3% 20 steps\/s/),
      "iter 3\n",
      expect.stringMatching(/^\[█?░+\] 3\/100 3%/),
    ]);
    expect(text().endsWith("\r\x1b[2K")).toBe(true);
  });
});
