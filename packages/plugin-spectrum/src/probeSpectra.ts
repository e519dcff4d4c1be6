import * as tf from '@tensorflow/tfjs-core';
import { symmetricEigenvalues } from '@gancond/core';
import { cheaperMode, type GeneratorFn, type JacobianMode, jacobianColumns, rowsPerPoint } from './jacobian/generatorJacobians';
import { type GeneratorModel, generatorShape, inferenceGenerator } from './jacobian/generatorModel';
import { metricTensor } from './spectrum/metricTensor';
import { type PointSpectrum, pointSpectrum } from './spectrum/pointSpectrum';
import { type SpectrumSummary, summarizeSpectra } from './spectrum/summarizeSpectra';

export interface ProbeOptions {
  /** `auto` (default) picks the cheaper of forward and reverse mode for d and n. */
  mode?: JacobianMode | 'auto';
  /**
   * Generator rows per batched pass (a point costs d rows in forward mode, n in reverse
   * mode); bounds memory. Default 512: on the reference MNIST generator (d = 64) that is
   * 8 points a pass, and larger passes were measured no faster per point on wasm.
   */
  rowsPerPass?: number;
}

/** The spectra of the metric tensors at a batch of latent points. */
export interface SpectrumProbe {
  latentDim: number;
  /** n: values per generated example. */
  outputSize: number;
  mode: JacobianMode;
  /** One per latent point, in the order of the rows of z. */
  points: PointSpectrum[];
  summary: SpectrumSummary;
}

export const DEFAULT_ROWS_PER_PASS = 512;

/**
 * Exact spectra of M_z = J_zᵀJ_z at every row of `z` ([points, d]): J_z by automatic
 * differentiation of `generator` (a function, or a LayersModel run in inference mode),
 * M_z formed and diagonalized in float64. Does not dispose `z`; leaves no tensors behind.
 */
export async function probeSpectra(generator: GeneratorFn | GeneratorModel, z: tf.Tensor2D, options: ProbeOptions = {}): Promise<SpectrumProbe> {
  const generate = typeof generator === 'function' ? generator : inferenceGenerator(generator);
  const [count, latentDim] = z.shape;
  if (typeof generator !== 'function') {
    const expected = generatorShape(generator, 'generator').latentDim;
    if (expected !== latentDim) throw new Error(`z has ${latentDim} columns; the generator takes latent vectors of ${expected}`);
  }
  if (count < 1) throw new Error('z has no rows: nothing to probe');
  const outputSize = tf.tidy(() => generate(tf.slice(z, [0, 0], [1, latentDim])).size);
  const mode = options.mode == null || options.mode === 'auto' ? cheaperMode(latentDim, outputSize) : options.mode;
  const rowsPerPass = options.rowsPerPass ?? DEFAULT_ROWS_PER_PASS;
  const pointsPerPass = Math.max(1, Math.floor(rowsPerPass / rowsPerPoint(mode, latentDim, outputSize)));

  const points: PointSpectrum[] = [];
  for (let start = 0; start < count; start += pointsPerPass) {
    const size = Math.min(pointsPerPass, count - start);
    const columnsTensor = tf.tidy(() => jacobianColumns(generate, tf.slice(z, [start, 0], [size, latentDim]), outputSize, mode));
    const columns = (await columnsTensor.data()) as Float32Array;
    columnsTensor.dispose();
    for (let b = 0; b < size; b++) {
      const metric = metricTensor(columns, b * latentDim * outputSize, latentDim, outputSize);
      if (!metric.every(Number.isFinite)) {
        throw new Error(`the Jacobian at latent point ${start + b} is not finite: the generator's output or its derivative overflowed`);
      }
      points.push(pointSpectrum(symmetricEigenvalues(metric, latentDim), outputSize));
    }
  }
  return { latentDim, outputSize, mode, points, summary: summarizeSpectra(points) };
}
