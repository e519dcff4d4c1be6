import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { registerWasmTrainingKernels } from '../../src/backend/wasm/registerWasmTrainingKernels';
import { chooseNativeKernels } from '../../src/backend/wasm/chooseNativeKernels';

/**
 * For the enclosing describe block: the wasm backend with gancond's kernels run by
 * @gancond/native-kernels on 2 threads (it must be built), back to the XNNPACK-based ones after.
 */
export function useNativeWasmKernels(): void {
  before(async () => {
    await tf.setBackend('wasm');
    const { choice, description } = chooseNativeKernels({ mode: 'auto', threads: 2 });
    assert.ok(choice, description);
    registerWasmTrainingKernels(choice);
  });
  after(() => registerWasmTrainingKernels());
}
