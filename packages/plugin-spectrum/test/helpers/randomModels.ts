import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { RandomStream } from '@gancond/core';

/** A fresh seed for each test process, printed in failure messages so a failure can be replayed. */
export const TEST_SEED = Number(process.env.SPECTRUM_TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));

export function testStream(name: string): RandomStream {
  return new RandomStream(`${TEST_SEED}/${name}`);
}

/** Sets every weight of `model` to Gaussian values times `scale(weightName, fanIn)`; returns them as float64 (the float32 values the model holds). */
export function randomizeWeights(model: tfl.LayersModel, stream: RandomStream, scale: (name: string, shape: number[]) => number): Map<string, Float64Array> {
  const values = new Map<string, Float64Array>();
  const tensors = model.weights.map((w) => {
    const shape = w.shape as number[];
    const s = scale(w.originalName, shape);
    const raw = Float32Array.from(stream.fillNormal(shape.reduce((a, b) => a * b, 1)), (v) => v * s);
    if (/moving_variance/.test(w.originalName)) raw.forEach((v, i) => (raw[i] = 0.5 + Math.abs(v)));
    values.set(w.originalName, Float64Array.from(raw));
    return tf.tensor(raw, shape);
  });
  model.setWeights(tensors);
  tf.dispose(tensors);
  return values;
}

/** The float64 copy of weight `<layerName>/<param>` (layers named explicitly in the tests). */
export function weight(values: Map<string, Float64Array>, layerName: string, param: string): Float64Array {
  const found = values.get(`${layerName}/${param}`);
  if (!found) throw new Error(`no weight ${layerName}/${param} in ${[...values.keys()].join(', ')}`);
  return found;
}

/** Latent points [count, d] from N(0, I) as float32 (what the model sees) and float64 copies. */
export function latentPoints(stream: RandomStream, count: number, d: number): { z32: Float32Array; rows64: Float64Array[] } {
  const z32 = stream.fillNormal(count * d);
  const rows64 = Array.from({ length: count }, (_, i) => Float64Array.from(z32.subarray(i * d, (i + 1) * d)));
  return { z32, rows64 };
}
