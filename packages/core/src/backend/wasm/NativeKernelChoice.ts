import type { NativeKernels } from '@gancond/native-kernels';

/** @gancond/native-kernels as the wasm backend uses it: the loaded kernels and their thread count. */
export interface NativeKernelChoice {
  kernels: NativeKernels;
  threads: number;
}
