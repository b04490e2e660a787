// SVG to PNG with resvg (a Rust renderer shipped as a prebuilt npm binary: no browser, no
// canvas). resvg draws text only with fonts it can find: the system's (DejaVu here), or files
// named in PLOT_FONT (a path, or several joined by the path delimiter).
import { delimiter } from "node:path";
import { Resvg, type ResvgRenderOptions } from "@resvg/resvg-js";

function fontOptions(): ResvgRenderOptions["font"] {
  const files = (process.env.PLOT_FONT ?? "").split(delimiter).filter(Boolean);
  return { loadSystemFonts: true, fontFiles: files, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" };
}

/** Renders SVG text to PNG bytes at its own size (or `width` pixels wide). */
export function renderPng(svg: string, width?: number): Buffer {
  const r = new Resvg(svg, {
    font: fontOptions(),
    fitTo: width === undefined ? { mode: "original" } : { mode: "width", value: width },
    background: "#ffffff",
    logLevel: "off",
  });
  return r.render().asPng();
}

let probed: boolean | undefined;

/**
 * Whether resvg finds a font to draw text with: renders a word on a transparent canvas and
 * looks for ink. Without a font the plot's axes and lines render but its labels do not.
 */
export function canRenderText(): boolean {
  if (probed === undefined) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="60" height="30"><text x="4" y="22" font-family="DejaVu Sans, sans-serif" font-size="20">Ag</text></svg>`;
    const img = new Resvg(svg, { font: fontOptions(), logLevel: "off" }).render();
    const px = img.pixels;
    let ink = 0;
    for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) ink++;
    probed = ink > 20;
  }
  return probed;
}
