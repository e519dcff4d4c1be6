import { PNG } from 'pngjs';
import { atomicWriteFileSync } from '../io/atomicWrite';

/**
 * Writes images [n, h, w, c] with values in [-1, 1] (c = 1 or 3) as one PNG grid,
 * ceil(sqrt(n)) columns, 1-pixel dark separators.
 */
export function writeSampleGrid(file: string, images: Float32Array, shape: [number, number, number, number]): void {
  const [n, h, w, c] = shape;
  const cols = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  const png = new PNG({ width: cols * (w + 1) + 1, height: rows * (h + 1) + 1 });
  png.data.fill(0);
  for (let i = 3; i < png.data.length; i += 4) png.data[i] = 255;
  for (let k = 0; k < n; k++) {
    const x0 = 1 + (k % cols) * (w + 1);
    const y0 = 1 + Math.floor(k / cols) * (h + 1);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const src = ((k * h + y) * w + x) * c;
        const dst = ((y0 + y) * png.width + x0 + x) * 4;
        for (let ch = 0; ch < 3; ch++) {
          const v = images[src + (c === 1 ? 0 : ch)];
          png.data[dst + ch] = Math.max(0, Math.min(255, Math.round((v + 1) * 127.5)));
        }
      }
    }
  }
  atomicWriteFileSync(file, PNG.sync.write(png));
}
