import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { GAN_LOSSES } from '../../src/losses/ganLosses';

// float64 references written from the definitions.
const softplus = (x: number) => Math.log1p(Math.exp(x));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const relu = (x: number) => Math.max(0, x);

const REFERENCES = {
  'non-saturating': {
    d: (r: number[], f: number[]) => mean(r.map((x) => -Math.log(sigmoid(x)))) + mean(f.map((x) => -Math.log(1 - sigmoid(x)))),
    g: (f: number[]) => mean(f.map((x) => -Math.log(sigmoid(x)))),
  },
  minimax: {
    d: (r: number[], f: number[]) => mean(r.map((x) => softplus(-x))) + mean(f.map((x) => softplus(x))),
    g: (f: number[]) => mean(f.map((x) => Math.log(1 - sigmoid(x)))),
  },
  hinge: {
    d: (r: number[], f: number[]) => mean(r.map((x) => relu(1 - x))) + mean(f.map((x) => relu(1 + x))),
    g: (f: number[]) => -mean(f),
  },
  wasserstein: {
    d: (r: number[], f: number[]) => mean(f) - mean(r),
    g: (f: number[]) => -mean(f),
  },
};

test('each adversarial loss matches its float64 definition on random logits', async () => {
  await tf.setBackend('cpu');
  for (const [name, ref] of Object.entries(REFERENCES)) {
    for (let trial = 0; trial < 5; trial++) {
      const real = Array.from({ length: 7 }, () => (Math.random() - 0.5) * 6);
      const fake = Array.from({ length: 7 }, () => (Math.random() - 0.5) * 6);
      const loss = GAN_LOSSES[name as keyof typeof REFERENCES];
      const d = loss.discriminator(tf.tensor2d(real, [7, 1]), tf.tensor2d(fake, [7, 1])).dataSync()[0];
      const g = loss.generator(tf.tensor2d(fake, [7, 1])).dataSync()[0];
      assert.ok(Math.abs(d - ref.d(real, fake)) < 1e-5 * (1 + Math.abs(d)), `${name} D: ${d} vs ${ref.d(real, fake)}`);
      assert.ok(Math.abs(g - ref.g(fake)) < 1e-5 * (1 + Math.abs(g)), `${name} G: ${g} vs ${ref.g(fake)}`);
    }
  }
});
