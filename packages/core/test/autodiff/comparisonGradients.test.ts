import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { selectBackend } from '../../src/backend/selectBackend';

const ALPHA = 0.2;

/**
 * An R1-style penalty, mean ‖∇_x D(x)‖², on a LeakyReLU discriminator: differentiating it
 * with respect to D's weights needs the gradient of LeakyReLU's gradient.
 */
function penaltyAndGradient(kernel: Float32Array, x: tf.Tensor4D) {
  const d = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [6, 6, 1], filters: 3, kernelSize: 3, strides: 2, padding: 'same', useBias: false }),
      tfl.layers.leakyReLU({ alpha: ALPHA }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 1, kernelInitializer: 'ones', useBias: false }),
    ],
  });
  d.layers[0].setWeights([tf.tensor4d(kernel, [3, 3, 1, 3])]);
  const w = d.layers[0].trainableWeights[0].read() as tf.Variable;
  const penalty = () =>
    tf.tidy(() => {
      const gx = tf.grad((input: tf.Tensor) => tf.sum(d.apply(input) as tf.Tensor))(x);
      return tf.mean(tf.sum(tf.square(gx), [1, 2, 3])) as tf.Scalar;
    });
  const { value, grads } = tf.variableGrads(penalty, [w]);
  const result = { value: value.dataSync()[0], gradient: grads[w.name].dataSync() as Float32Array };
  tf.dispose([value, grads]);
  d.dispose();
  return result;
}

/**
 * The same discriminator in float64, written out: 3x3 kernel, stride 2, 'same' padding on a
 * 6x6 input (3x3 output; tfjs pads 0 rows above, 1 below), so output (oy, ox) reads input rows
 * 2oy..2oy+2 and columns 2ox..2ox+2, zero outside. Returns the pre-activations and the penalty.
 */
function referencePenalty(kernel: Float64Array, x: Float32Array, batch: number) {
  const pre = new Float64Array(batch * 27);
  let penalty = 0;
  for (let n = 0; n < batch; n++) {
    const gx = new Float64Array(36);
    for (let oy = 0; oy < 3; oy++)
      for (let ox = 0; ox < 3; ox++)
        for (let c = 0; c < 3; c++) {
          let v = 0;
          for (let ky = 0; ky < 3; ky++)
            for (let kx = 0; kx < 3; kx++) {
              const [iy, ix] = [2 * oy + ky, 2 * ox + kx];
              if (iy < 6 && ix < 6) v += x[n * 36 + iy * 6 + ix] * kernel[(ky * 3 + kx) * 3 + c];
            }
          pre[n * 27 + (oy * 3 + ox) * 3 + c] = v;
          // ∂D/∂x: each output's LeakyReLU slope, spread back through the kernel.
          const slope = v > 0 ? 1 : ALPHA;
          for (let ky = 0; ky < 3; ky++)
            for (let kx = 0; kx < 3; kx++) {
              const [iy, ix] = [2 * oy + ky, 2 * ox + kx];
              if (iy < 6 && ix < 6) gx[iy * 6 + ix] += slope * kernel[(ky * 3 + kx) * 3 + c];
            }
        }
    penalty += gx.reduce((s, g) => s + g * g, 0) / batch;
  }
  return { pre, penalty };
}

const sameSigns = (a: Float64Array, b: Float64Array) => a.every((v, i) => (v > 0) === (b[i] > 0));

test('second derivatives through LeakyReLU work and match a float64 reference', async () => {
  await selectBackend('cpu');
  const kernel = Float32Array.from({ length: 27 }, () => Math.random() - 0.5);
  const x = tf.randomNormal([2, 6, 6, 1]) as tf.Tensor4D;
  const xValues = x.dataSync() as Float32Array;
  const { value, gradient } = penaltyAndGradient(kernel, x);
  const base = referencePenalty(Float64Array.from(kernel), xValues, 2);
  assert.ok(Math.abs(value - base.penalty) < 1e-5 * (1 + base.penalty), `penalty ${value} vs float64 ${base.penalty}`);
  // Between LeakyReLU's kinks the penalty is quadratic in the kernel, so a float64 central
  // difference is exact as long as neither step flips the sign of a pre-activation: halve the
  // step until none does (float64 leaves room for tiny steps).
  for (let i = 0; i < kernel.length; i++) {
    let h = 1e-3;
    for (;;) {
      const plus = Float64Array.from(kernel);
      const minus = Float64Array.from(kernel);
      plus[i] += h;
      minus[i] -= h;
      const [p, m] = [referencePenalty(plus, xValues, 2), referencePenalty(minus, xValues, 2)];
      if (sameSigns(p.pre, base.pre) && sameSigns(m.pre, base.pre)) {
        const central = (p.penalty - m.penalty) / (2 * h);
        assert.ok(Math.abs(gradient[i] - central) < 1e-4 * (1 + Math.abs(central)), `w[${i}]: autodiff ${gradient[i]} vs float64 ${central}`);
        break;
      }
      h /= 2;
      assert.ok(h > 1e-12, `w[${i}]: a pre-activation sits on a kink`);
    }
  }
  // And on the wasm backend (with gancond's training kernels) it agrees with cpu.
  await selectBackend('wasm');
  const onWasm = penaltyAndGradient(kernel, tf.tensor4d(xValues, x.shape));
  onWasm.gradient.forEach((g, i) => assert.ok(Math.abs(g - gradient[i]) < 1e-4 * (1 + Math.abs(gradient[i])), `wasm w[${i}]: ${g} vs ${gradient[i]}`));
});
