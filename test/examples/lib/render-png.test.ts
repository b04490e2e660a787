import { describe, expect, it } from "vitest";
import { canRenderText, renderPng } from "../../../examples/lib/render-png.js";

describe("renderPng", () => {
  it("renders SVG to a PNG of the SVG's size, or of a given width", () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="20" height="20" fill="#f00"/></svg>`;
    const png = renderPng(svg);
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join("")).toBe("PNG");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([40, 20]);
    const wide = renderPng(svg, 80);
    expect([wide.readUInt32BE(16), wide.readUInt32BE(20)]).toEqual([80, 40]);
  });

  it("finds a font on this machine, so the plot's labels render", () => {
    // If this fails, install a font (e.g. apt-get install fonts-dejavu-core) or set PLOT_FONT.
    expect(canRenderText()).toBe(true);
  });
});
