import * as tf from '@tensorflow/tfjs-core';

/**
 * A generator as a pure function of a latent batch: [rows, d] -> [rows, ...image], each
 * row computed independently of the others (batch norm in inference mode), built from
 * differentiable tfjs ops. {@link inferenceGenerator} makes one from a LayersModel.
 */
export type GeneratorFn = (z: tf.Tensor2D) => tf.Tensor;

/**
 * How the Jacobian J (n x d) of each point is obtained:
 * - `forward`: d Jacobian-vector products J e_i (the columns of J);
 * - `reverse`: n vector-Jacobian products Jᵀ e_k (the rows of J).
 */
export type JacobianMode = 'forward' | 'reverse';

/**
 * The cheaper mode for a generator with latent size d and output size n.
 *
 * tfjs has reverse-mode autodiff only, so a JVP is a double backward (see
 * {@link forwardColumns}): forward pass, backward pass and the backward of that backward,
 * about three forward-pass costs per direction; a VJP is a forward and a backward pass,
 * about two. Forward mode needs d rows, reverse mode n rows, so forward mode wins when
 * 3d < 2n, i.e. always for image generators (d = 64, n = 784 for MNIST: 192 against 1568
 * forward-pass equivalents per point).
 */
export function cheaperMode(latentDim: number, outputSize: number): JacobianMode {
  return 3 * latentDim < 2 * outputSize ? 'forward' : 'reverse';
}

/** Number of generator rows needed per latent point in `mode`. */
export function rowsPerPoint(mode: JacobianMode, latentDim: number, outputSize: number): number {
  return mode === 'forward' ? latentDim : outputSize;
}

/**
 * The exact Jacobians J_z of `generator` at the `z.shape[0]` points of `z`, all in one
 * batched pass, as a [points, d, n] tensor of columns: result[b, i, :] = J_{z_b} e_i
 * (image flattened, row-major). The caller chooses how many points go in one call
 * (memory grows with points * rowsPerPoint).
 */
export function jacobianColumns(generator: GeneratorFn, z: tf.Tensor2D, outputSize: number, mode: JacobianMode): tf.Tensor3D {
  return mode === 'forward' ? forwardColumns(generator, z, outputSize) : reverseColumns(generator, z, outputSize);
}

/** Each point repeated `copies` times: [points * copies, d], copy-major within a point. */
function repeatRows(z: tf.Tensor2D, copies: number): tf.Tensor2D {
  const [points, d] = z.shape;
  return tf.reshape(tf.tile(tf.expandDims(z, 1), [1, copies, 1]), [points * copies, d]);
}

/** G(x) flattened to [rows, n]; x typed loosely because tf.grad passes a plain tf.Tensor. */
function flatOutput(generator: GeneratorFn, x: tf.Tensor, outputSize: number): tf.Tensor2D {
  return tf.reshape(generator(x as tf.Tensor2D), [x.shape[0], outputSize]);
}

/**
 * Forward mode by the double-backward trick: v(u) = Jᵀu is linear in u, so the gradient
 * of ⟨Jᵀu, e⟩ with respect to u is J e, whatever u is. Over a batch of d copies of each
 * point, with e the rows of the identity, one outer gradient gives all d columns of every
 * point's J. u's value is irrelevant (zeros).
 */
function forwardColumns(generator: GeneratorFn, z: tf.Tensor2D, outputSize: number): tf.Tensor3D {
  const [points, d] = z.shape;
  return tf.tidy(() => {
    const copies = repeatRows(z, d);
    const directions = tf.tile(tf.eye(d), [points, 1]);
    const vjp = (u: tf.Tensor) => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(flatOutput(generator, x, outputSize), u)))(copies);
    const jvp = tf.grad((u: tf.Tensor) => tf.sum(tf.mul(vjp(u), directions)));
    return tf.reshape(jvp(tf.zeros([points * d, outputSize])), [points, d, outputSize]);
  });
}

/** Reverse mode: n copies of each point, cotangents the rows of the identity; rows transposed to columns. */
function reverseColumns(generator: GeneratorFn, z: tf.Tensor2D, outputSize: number): tf.Tensor3D {
  const [points, d] = z.shape;
  return tf.tidy(() => {
    const copies = repeatRows(z, outputSize);
    const cotangents = tf.tile(tf.eye(outputSize), [points, 1]);
    const rows = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(flatOutput(generator, x, outputSize), cotangents)))(copies);
    return tf.transpose(tf.reshape(rows, [points, outputSize, d]), [0, 2, 1]);
  });
}
