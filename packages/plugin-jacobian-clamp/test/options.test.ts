import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { loadPlugins, selectBackend, UserError } from '@gancond/core';
import { jacobianClampOptionsSchema, jacobianClampPenalty } from '../src/index';
import { tempDir } from './helpers/tinyRun';

before(async () => void (await selectBackend('cpu')));

const load = (options: Record<string, unknown>) => loadPlugins([{ use: '@gancond/plugin-jacobian-clamp', options }], tempDir());

test('defaults follow the paper: ε 1, λ_min 1, λ_max 20, weight 1, per-example, every update', async () => {
  const expected = { epsilon: 1, lambdaMin: 1, lambdaMax: 20, weight: 1, granularity: 'per-example', every: 1 };
  assert.deepEqual(jacobianClampOptionsSchema.parse({}), expected);
  const [loaded] = await load({ lambdaMax: 5, granularity: 'per-batch' });
  assert.deepEqual(loaded.options, { ...expected, lambdaMax: 5, granularity: 'per-batch' });
});

test('bad options are rejected naming the field, the value and what was expected', async () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ lambdaMin: 30 }, /plugins\[0\]\.options\.lambdaMin: got 30; lambdaMin must be below lambdaMax \(20\)/],
    [{ lambdaMin: 4, lambdaMax: 4 }, /plugins\[0\]\.options\.lambdaMin: got 4; lambdaMin must be below lambdaMax \(4\)/],
    [{ epsilon: 0 }, /plugins\[0\]\.options\.epsilon: got 0; .*>0/],
    [{ epsilon: -0.5 }, /plugins\[0\]\.options\.epsilon: got -0\.5/],
    [{ lambdaMin: -1 }, /plugins\[0\]\.options\.lambdaMin: got -1; .*>=0/],
    [{ weight: -2 }, /plugins\[0\]\.options\.weight: got -2/],
    [{ every: 0 }, /plugins\[0\]\.options\.every: got 0/],
    [{ every: 1.5 }, /plugins\[0\]\.options\.every: got 1\.5; .*int/],
    [{ granularity: 'per-pixel' }, /plugins\[0\]\.options\.granularity: got "per-pixel"; .*"per-example"\|"per-batch"/],
    [{ lambdaMax: '20' }, /plugins\[0\]\.options\.lambdaMax: got "20"; .*number/],
    [{ lamdaMax: 10 }, /plugins\[0\]\.options: unknown field "lamdaMax"/],
  ];
  for (const [options, pattern] of cases) {
    await assert.rejects(load(options), (error: Error) => {
      assert.ok(error instanceof UserError, `${JSON.stringify(options)}: ${error}`);
      assert.match(error.message, /invalid options for plugin "jacobian-clamp"/);
      assert.match(error.message, pattern);
      return true;
    });
  }
});

test('the plain function rejects bad options before drawing anything', () => {
  let draws = 0;
  const rng = { normal: () => (draws++, 0.5) };
  const z = tf.tensor2d([[0.2, -1.1]]);
  assert.throws(
    () => jacobianClampPenalty((x) => x, z, { lambdaMin: 3, lambdaMax: 2 }, rng),
    (error: Error) => error instanceof UserError && /options\.lambdaMin: got 3; lambdaMin must be below lambdaMax \(2\)/.test(error.message),
  );
  assert.throws(() => jacobianClampPenalty((x) => x, z, { epsilon: -1 }, rng), /options\.epsilon: got -1; .*>0/);
  assert.throws(() => jacobianClampPenalty((x) => x, z, { weight: 1 } as never, rng), /options: unknown field "weight"/);
  assert.equal(draws, 0);
  z.dispose();
});
