import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { registerWasmTrainingKernels } from '../../src/backend/wasm/registerWasmTrainingKernels';
import { chooseNativeKernels } from '../../src/backend/wasm/chooseNativeKernels';

/** Registers gancond's wasm kernels run by @gancond/native-kernels on 2 threads (it must be built). */
function registerNativeWasmKernels(): void {
  const { choice, description } = chooseNativeKernels({ mode: 'auto', threads: 2 });
  assert.ok(choice, description);
  registerWasmTrainingKernels(choice);
}

/** For the enclosing describe block: wasm with the native kernels, back to the XNNPACK-based ones after. */
export function useNativeWasmKernels(): void {
  before(async () => {
    await tf.setBackend('wasm');
    registerNativeWasmKernels();
  });
  after(() => registerWasmTrainingKernels());
}

/** Runs `body` with the native kernels registered, then goes back to the XNNPACK-based ones. */
export async function withNativeWasmKernels(body: () => Promise<void>): Promise<void> {
  registerNativeWasmKernels();
  try {
    await body();
  } finally {
    registerWasmTrainingKernels();
  }
}
