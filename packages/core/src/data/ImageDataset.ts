/** Which part of a dataset to load; the standard train/test division of each dataset. */
export type Split = 'train' | 'test';

/** A labelled image dataset held in memory, ready to be batched for the discriminator. */
export interface ImageDataset {
  name: string;
  split: string;
  /** Height, width, channels of one image. */
  shape: [number, number, number];
  /** Number of examples. */
  size: number;
  /** size*h*w*c values, NHWC, scaled to [-1, 1] to match the generator's tanh output. */
  images: Float32Array;
  labels: Uint8Array;
  numClasses: number;
}

/** Maps a byte pixel 0..255 linearly onto [-1, 1]. */
export function byteToUnit(value: number): number {
  return value / 127.5 - 1;
}

/** Builds a dataset from NHWC byte pixels; the size is the number of labels. */
export function imageDatasetFromBytes(
  meta: Omit<ImageDataset, 'images' | 'size'>,
  pixels: Uint8Array,
): ImageDataset {
  const [h, w, c] = meta.shape;
  const size = meta.labels.length;
  if (pixels.length !== size * h * w * c) {
    throw new Error(`imageDatasetFromBytes: ${pixels.length} pixels do not fill ${size} images of ${h}x${w}x${c}`);
  }
  const images = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) images[i] = byteToUnit(pixels[i]);
  return { ...meta, size, images };
}
