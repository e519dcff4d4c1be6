import * as tf from '@tensorflow/tfjs-core';
import { UserError } from '@gancond/core';
import type { GeneratorFn } from './generatorJacobians';

/**
 * The part of a tfjs-layers LayersModel the probes use (structural, so this package needs
 * no dependency on tfjs-layers: the models come from @gancond/core).
 */
export interface GeneratorModel {
  readonly inputs: ReadonlyArray<{ readonly shape: ReadonlyArray<number | null> }>;
  readonly outputs: ReadonlyArray<{ readonly shape: ReadonlyArray<number | null> }>;
  apply(inputs: tf.Tensor, kwargs?: { training?: boolean }): unknown;
}

/** Shapes of a model that maps latent vectors to images. */
export interface GeneratorShape {
  latentDim: number;
  /** Per-example output shape, e.g. [28, 28, 1]. */
  outputShape: number[];
  /** Product of `outputShape`: n, the number of rows of the Jacobian. */
  outputSize: number;
}

const show = (shape: ReadonlyArray<number | null>) => `[${shape.map((s) => (s == null ? 'batch' : s)).join(', ')}]`;

/**
 * Checks that `model` is a generator: one input of shape [batch, d], one output of
 * fixed per-example shape with at least d values (fewer, and JᵀJ would be singular by
 * construction). `label` names the model in the error (a file, "the run's generator").
 */
export function generatorShape(model: GeneratorModel, label: string): GeneratorShape {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new UserError(`${label}: not a generator: it has ${model.inputs.length} inputs and ${model.outputs.length} outputs, expected one latent input and one image output`);
  }
  const input = model.inputs[0].shape;
  if (input.length !== 2 || input[1] == null || input[1] < 1) {
    throw new UserError(`${label}: not a generator: its input has shape ${show(input)}, expected a latent batch [batch, d]`);
  }
  const output = model.outputs[0].shape.slice(1);
  if (output.length === 0 || output.some((s) => s == null)) {
    throw new UserError(`${label}: not a generator: its output has shape ${show(model.outputs[0].shape)}, expected a fixed per-example shape such as [batch, 28, 28, 1]`);
  }
  const latentDim = input[1];
  const outputShape = output as number[];
  const outputSize = outputShape.reduce((a, b) => a * b, 1);
  if (outputSize < latentDim) {
    throw new UserError(
      `${label}: not a generator: it maps ${latentDim} latent values to ${outputSize} output values ${show(model.outputs[0].shape)}; ` +
        `with fewer outputs than latent dimensions JᵀJ is singular by construction (a discriminator?)`,
    );
  }
  return { latentDim, outputShape, outputSize };
}

/**
 * The model as a {@link GeneratorFn} in inference mode (`training: false`): batch norm
 * uses its moving statistics, so every row of a batch is computed independently, which
 * the batched Jacobian (many copies of one point in one batch) relies on.
 */
export function inferenceGenerator(model: GeneratorModel): GeneratorFn {
  return (z) => {
    const out = model.apply(z, { training: false });
    if (!(out instanceof tf.Tensor)) throw new Error('the generator returned several outputs; expected one image tensor');
    return out;
  };
}
