import type { BackendName } from './BackendInfo';

/** A backend provided by an optional native package (libtensorflow bindings). */
export interface NativeBackend {
  name: Extract<BackendName, 'tensorflow-gpu' | 'tensorflow'>;
  /** npm package to install; an optional peer dependency of @gancond/core. */
  packageName: string;
  /** The name the package registers with tfjs-core (both packages use 'tensorflow'). */
  tfjsBackend: string;
  /** What the package needs besides itself, for error messages. */
  requirements: string;
}

/** Native backends, fastest first. */
export const NATIVE_BACKENDS: readonly NativeBackend[] = [
  {
    name: 'tensorflow-gpu',
    packageName: '@tensorflow/tfjs-node-gpu',
    tfjsBackend: 'tensorflow',
    requirements: 'Linux x64 with CUDA 11.2 and cuDNN 8.1; its install script downloads libtensorflow',
  },
  {
    name: 'tensorflow',
    packageName: '@tensorflow/tfjs-node',
    tfjsBackend: 'tensorflow',
    requirements: 'its install script downloads libtensorflow',
  },
];

/** The tfjs version the native packages must match. */
export const NATIVE_PACKAGE_VERSION = '4.22.0';
