import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { selectBackend } from '@gancond/core';
import { metricsByStep, run, tinyConfig } from './helpers/tinyRun';

before(async () => void (await selectBackend('wasm')));

const BAND = { lambdaMin: 1, lambdaMax: 2 };
const STEPS = 100;
const LAST = 10;

/** Over the last steps: mean Q, its mean distance to the band, and the mean fraction of Q outside it. */
async function lastSteps(weight: number) {
  // weight 0 is the control: same runs, same δ draws, Q measured but not penalized.
  const config = tinyConfig({ ...BAND, weight }, { steps: STEPS, optimizers: { generator: { learningRate: 1e-3 } } });
  const steps = [...metricsByStep((await run(config)).outDir).values()].slice(-LAST);
  const mean = (f: (m: Record<string, number>) => number) => steps.reduce((sum, m) => sum + f(m), 0) / steps.length;
  const q = (m: Record<string, number>) => m['jacobian-clamp/qMean'];
  return {
    qMean: mean(q),
    distance: mean((m) => Math.max(BAND.lambdaMin - q(m), q(m) - BAND.lambdaMax, 0)),
    outside: mean((m) => m['jacobian-clamp/fractionAboveMax'] + m['jacobian-clamp/fractionBelowMin']),
  };
}

test(`on real MNIST, ${STEPS} steps with the plugin keep mean Q inside [${BAND.lambdaMin}, ${BAND.lambdaMax}] more than without`, async (t) => {
  const without = await lastSteps(0);
  const withClamp = await lastSteps(1);
  t.diagnostic(`last ${LAST} steps: without ${JSON.stringify(without)}; with ${JSON.stringify(withClamp)}`);
  assert.ok(without.distance > 1, `the untrained band violation persists without the plugin: ${without.qMean}`);
  assert.ok(withClamp.distance < without.distance / 4, `mean Q ${withClamp.qMean} with vs ${without.qMean} without`);
  assert.ok(withClamp.outside < without.outside, `fraction outside ${withClamp.outside} with vs ${without.outside} without`);
});
