import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useNativeWasmKernels } from '../backend/useNativeWasmKernels';
import { BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD, batchNormTraining } from '../../src/ops/batchNormTraining';
import { randomValues, relativeError } from '../backend/compareBackends';

const normal = () => Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());

/** Activations whose columns have their own offsets and spreads, so centring matters. */
function activations(rows: number, C: number): Float32Array {
  const offset = Array.from({ length: C }, () => 2 * normal());
  const spread = Array.from({ length: C }, () => 0.2 + Math.random());
  return Float32Array.from({ length: rows * C }, (_, i) => offset[i % C] + spread[i % C] * normal());
}

interface Case {
  rows: number;
  C: number;
  x: Float32Array;
  gamma: Float32Array;
  beta: Float32Array;
  /** Weights of the loss sum(w * y) + sum(a * mean) + sum(b * variance): gradients flow through all three outputs. */
  w: Float32Array;
  a: Float32Array;
  b: Float32Array;
}

function randomCase(rows: number, C: number): Case {
  return { rows, C, x: activations(rows, C), gamma: randomValues(C), beta: randomValues(C), w: randomValues(rows * C), a: randomValues(C), b: randomValues(C) };
}

type BatchNorm = (x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D) => { y: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor };
const EPSILON = 1e-3;
const fusedOp: BatchNorm = (x, gamma, beta) => batchNormTraining(x, gamma, beta, EPSILON);
/** tfjs-layers' computation, differentiated by tfjs' own gradients: the reference. */
const stockOps: BatchNorm = (x, gamma, beta) => {
  const { mean, variance } = tf.moments(x, 0);
  return { y: tf.batchNorm(x, mean, variance, beta, gamma, EPSILON), mean, variance };
};

/**
 * Outputs, and the loss's gradients with respect to x, gamma and beta, as arrays. With
 * `underOuterTape`, the gradients are taken while an enclosing tape records them (as for
 * second derivatives).
 */
function outputsAndGradients(c: Case, batchNorm: BatchNorm, underOuterTape = false) {
  return tf.tidy(() => {
    const [x, gamma, beta] = [tf.tensor2d(c.x, [c.rows, c.C]), tf.tensor1d(c.gamma), tf.tensor1d(c.beta)];
    const { y, mean, variance } = batchNorm(x, gamma, beta);
    const loss = (xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const out = batchNorm(xi as tf.Tensor2D, g as tf.Tensor1D, b as tf.Tensor1D);
      return tf.addN([tf.sum(tf.mul(out.y, tf.tensor2d(c.w, [c.rows, c.C]))), tf.sum(tf.mul(out.mean, tf.tensor1d(c.a))), tf.sum(tf.mul(out.variance, tf.tensor1d(c.b)))]);
    };
    let grads: tf.Tensor[] = [];
    if (underOuterTape) {
      tf.grad((s: tf.Tensor) => {
        grads = tf.grads(loss)([x, gamma, beta]).map((g) => tf.keep(g));
        return tf.mul(s, tf.sum(grads[0]));
      })(tf.scalar(1));
    } else {
      grads = tf.grads(loss)([x, gamma, beta]);
    }
    return [y, mean, variance, ...grads].map((t) => ({ values: t.dataSync() as Float32Array }));
  });
}

/** The float64 definition of the forward pass. */
function reference(c: Case) {
  const mean = new Float64Array(c.C);
  const variance = new Float64Array(c.C);
  c.x.forEach((v, i) => (mean[i % c.C] += v / c.rows));
  c.x.forEach((v, i) => (variance[i % c.C] += (v - mean[i % c.C]) ** 2 / c.rows));
  const y = Float64Array.from(c.x, (v, i) => ((v - mean[i % c.C]) / Math.sqrt(variance[i % c.C] + EPSILON)) * c.gamma[i % c.C] + c.beta[i % c.C]);
  return [y, mean, variance].map((values) => ({ values: Float32Array.from(values) }));
}

const SHAPES: [number, number][] = [
  [37, 5],
  [200, 32],
  [8, 300],
];

describe('fused batch normalization (training) on wasm with the native kernels', () => {
  useNativeWasmKernels();

  it('runs as one kernel forward and one backward', async () => {
    const c = randomCase(16, 3);
    const { kernelNames } = await tf.profile(() => outputsAndGradients(c, fusedOp) as unknown as tf.TensorContainer);
    assert.ok(kernelNames.includes(BATCH_NORM_TRAINING) && kernelNames.includes(BATCH_NORM_TRAINING_GRAD), kernelNames.join(', '));
    assert.ok(!kernelNames.includes(tf.FusedBatchNorm), kernelNames.join(', '));
  });

  it('forward matches the float64 definition; gradients through y, mean and variance match tfjs on cpu', async () => {
    for (const [rows, C] of SHAPES) {
      const c = randomCase(rows, C);
      const got = outputsAndGradients(c, fusedOp);
      reference(c).forEach((want, k) => {
        const err = relativeError(want, got[k]);
        assert.ok(err < 1e-5, `${rows}x${C} output ${k}: relative error ${err} to float64`);
      });
      await tf.setBackend('cpu');
      const want = outputsAndGradients(c, stockOps);
      await tf.setBackend('wasm');
      ['y', 'mean', 'variance', 'dx', 'dgamma', 'dbeta'].forEach((name, k) => {
        const err = relativeError(want[k], got[k]);
        assert.ok(err < 1e-4, `${rows}x${C} ${name}: relative error ${err} to tfjs cpu`);
      });
    }
  });

  it('under an outer tape the gradients come from the closed form, and match tfjs on cpu', async () => {
    const c = randomCase(40, 7);
    const got = outputsAndGradients(c, fusedOp, true);
    await tf.setBackend('cpu');
    const want = outputsAndGradients(c, stockOps);
    await tf.setBackend('wasm');
    ['dx', 'dgamma', 'dbeta'].forEach((name, k) => {
      const err = relativeError(want[3 + k], got[3 + k]);
      assert.ok(err < 1e-5, `${name}: relative error ${err} to tfjs cpu`);
    });
  });

  it('second derivatives (a tape over the backward pass) go through the closed form and match tfjs on cpu', async () => {
    const c = randomCase(24, 6);
    // The gradients with respect to x and gamma of |dL/dx|^2: they differentiate the batch norm gradient itself.
    const curvature = (batchNorm: BatchNorm) =>
      tf.tidy(() => {
        const [beta, w, a, b] = [tf.tensor1d(c.beta), tf.tensor2d(c.w, [c.rows, c.C]), tf.tensor1d(c.a), tf.tensor1d(c.b)];
        const penalty = (x: tf.Tensor, gamma: tf.Tensor) => {
          const loss = (xi: tf.Tensor) => {
            const out = batchNorm(xi as tf.Tensor2D, gamma as tf.Tensor1D, beta);
            return tf.addN([tf.sum(tf.mul(out.y, w)), tf.sum(tf.mul(out.mean, a)), tf.sum(tf.mul(out.variance, b))]);
          };
          return tf.sum(tf.square(tf.grad(loss)(x)));
        };
        const grads = tf.grads(penalty)([tf.tensor2d(c.x, [c.rows, c.C]), tf.tensor1d(c.gamma)]);
        return grads.map((g) => ({ values: g.dataSync() as Float32Array }));
      });
    const got = curvature(fusedOp);
    await tf.setBackend('cpu');
    const want = curvature(stockOps);
    await tf.setBackend('wasm');
    ['x', 'gamma'].forEach((name, k) => {
      const err = relativeError(want[k], got[k]);
      assert.ok(err < 1e-4, `d/d${name}: relative error ${err}`);
    });
  });

  it('leaves no tensors behind', () => {
    const c = randomCase(50, 8);
    outputsAndGradients(c, fusedOp);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) outputsAndGradients(c, fusedOp);
    assert.equal(tf.memory().numTensors, before);
  });
});

describe('fused batch normalization without the kernel', () => {
  it('is exactly the stock computation (tf.moments, then tf.batchNorm)', async () => {
    await tf.setBackend('cpu');
    const c = randomCase(30, 4);
    const fused = outputsAndGradients(c, fusedOp);
    outputsAndGradients(c, stockOps).forEach((want, k) => assert.deepEqual(fused[k].values, want.values, `output ${k}`));
  });
});
