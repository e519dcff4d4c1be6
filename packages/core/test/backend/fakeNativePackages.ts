import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const TFJS_CORE = require.resolve('@tensorflow/tfjs-core');
const TFJS_CPU = require.resolve('@tensorflow/tfjs-backend-cpu');

export type FakeBehaviour =
  /** registers a working 'tensorflow' backend (the cpu backend's factory and kernels under that name), like tfjs-node */
  | 'works'
  /** throws while being required, like a missing libtensorflow.so */
  | 'throws-on-load'
  /** loads but registers nothing with tfjs-core */
  | 'registers-nothing'
  /** registers a 'tensorflow' backend whose factory throws */
  | 'init-fails';

export const LOAD_ERROR = 'libtensorflow.so.2: cannot open shared object file';
export const INIT_ERROR = 'CUDA driver version is insufficient';

/** Writes throwaway packages named like the native tfjs packages into a fresh temp dir. */
export function makeFakeNativeDir(packages: Partial<Record<'@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu', FakeBehaviour>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gancond-backend-'));
  for (const [name, behaviour] of Object.entries(packages)) {
    const pkgDir = path.join(dir, 'node_modules', ...name.split('/'));
    fs.mkdirSync(pkgDir, { recursive: true });
    fs.writeFileSync(path.join(pkgDir, 'package.json'), JSON.stringify({ name, version: `4.22.0-fake-${name.endsWith('gpu') ? 'gpu' : 'cpu'}`, main: 'index.js' }));
    fs.writeFileSync(path.join(pkgDir, 'index.js'), source(behaviour!));
  }
  return dir;
}

function source(behaviour: FakeBehaviour): string {
  const header = `const tf = require(${JSON.stringify(TFJS_CORE)});\nrequire(${JSON.stringify(TFJS_CPU)});\n`;
  const reset = `if (tf.findBackendFactory('tensorflow') != null) tf.removeBackend('tensorflow');\n`;
  switch (behaviour) {
    case 'throws-on-load':
      return `throw new Error(${JSON.stringify(LOAD_ERROR)});\n`;
    case 'registers-nothing':
      return `module.exports = {};\n`;
    case 'init-fails':
      return header + reset + `tf.registerBackend('tensorflow', () => { throw new Error(${JSON.stringify(INIT_ERROR)}); }, 3);\n`;
    case 'works':
      return (
        header +
        reset +
        // tfjs-node registers its backend as 'tensorflow' (priority 3); re-use the cpu backend for the fake.
        `tf.registerBackend('tensorflow', tf.findBackendFactory('cpu'), 3);\n` +
        `for (const k of tf.getKernelsForBackend('cpu')) {\n` +
        `  if (tf.getKernel(k.kernelName, 'tensorflow') == null) tf.registerKernel({ ...k, backendName: 'tensorflow' });\n` +
        `}\n` +
        `module.exports = { fake: true };\n`
      );
  }
}
