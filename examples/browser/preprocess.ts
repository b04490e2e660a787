// A drawing to MNIST's input convention: the ink's bounding box scaled to fit 20 x 20 pixels
// (keeping its aspect), placed in 28 x 28 with its centre of mass at the centre, as LeCun's set was
// prepared. Without this a digit drawn small or off-centre looks nothing like the training data.

/** Grey levels of a square drawing, row-major, white ink (1) on black (0). */
export interface Drawing {
  readonly size: number;
  readonly ink: Float32Array;
}

const OUT = 28;
const BOX = 20;
/** Samples per output pixel along each axis (area averaging when scaling a drawing down). */
const SS = 4;

/** 784 values in [0, 1] for the network, or null when nothing is drawn. */
export function toMnistInput({ size, ink }: Drawing): Float32Array | null {
  let x0 = size,
    y0 = size,
    x1 = -1,
    y1 = -1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (ink[y * size + x]! > 0.05) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (x1 < 0) return null;
  const w = x1 - x0 + 1,
    h = y1 - y0 + 1;
  const scale = BOX / Math.max(w, h);
  // First placement: the box centred; then shifted so the centre of mass lands on (14, 14).
  const first = render(ink, size, x0, y0, scale, (OUT - w * scale) / 2, (OUT - h * scale) / 2);
  const [cx, cy] = centreOfMass(first);
  return render(ink, size, x0, y0, scale, (OUT - w * scale) / 2 + OUT / 2 - cx, (OUT - h * scale) / 2 + OUT / 2 - cy);
}

/** Output pixel (i, j) averages SS x SS samples of the drawing, mapped back through the scale and offset. */
function render(
  ink: Float32Array,
  size: number,
  x0: number,
  y0: number,
  scale: number,
  ox: number,
  oy: number,
): Float32Array {
  const out = new Float32Array(OUT * OUT);
  for (let i = 0; i < OUT; i++) {
    for (let j = 0; j < OUT; j++) {
      let sum = 0;
      for (let si = 0; si < SS; si++) {
        for (let sj = 0; sj < SS; sj++) {
          const sx = Math.floor(x0 + (j + (sj + 0.5) / SS - ox) / scale);
          const sy = Math.floor(y0 + (i + (si + 0.5) / SS - oy) / scale);
          if (sx >= 0 && sx < size && sy >= 0 && sy < size) sum += ink[sy * size + sx]!;
        }
      }
      out[i * OUT + j] = Math.min(1, sum / (SS * SS));
    }
  }
  return out;
}

/** The centre of mass in pixel coordinates (a pixel's centre is at +0.5). */
function centreOfMass(img: Float32Array): [number, number] {
  let m = 0,
    mx = 0,
    my = 0;
  for (let i = 0; i < OUT; i++) {
    for (let j = 0; j < OUT; j++) {
      const v = img[i * OUT + j]!;
      m += v;
      mx += v * (j + 0.5);
      my += v * (i + 0.5);
    }
  }
  return m > 0 ? [mx / m, my / m] : [OUT / 2, OUT / 2];
}
