import * as fs from 'node:fs';
import os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

/** The text of a Blob, kept at construction so that it can be written to a file synchronously. */
class RecordingBlob extends Blob {
  readonly source: string;
  constructor(...args: ConstructorParameters<typeof Blob>) {
    super(...args);
    this.source = [...(args[0] ?? [])].map(String).join('');
  }
}

/** Module variables of tfjs-backend-wasm's Node bundle that its emscripten factory refers to. */
const BUNDLE_PRELUDE =
  'var require$$0=require("fs");var require$$1=require("path");var require$$3=require("perf_hooks");' +
  'var require$$4=require("os");var commonjsGlobal=globalThis;';

/**
 * Runs `initialize` (which brings up the wasm backend) so that tfjs-backend-wasm starts its
 * multi-threaded SIMD build with `threads` XNNPACK threads. tfjs uses that build only in
 * browsers: it forces WASM_HAS_MULTITHREAD_SUPPORT off under Node (tfjs issue 3830), although
 * the emscripten glue it ships handles Node's worker_threads. Three things stand in the way,
 * and are worked around only while `initialize` runs:
 * - tfjs hands emscripten the pthread worker script and the main script as Blob URLs, which
 *   Node workers cannot load: Blob and URL.createObjectURL are replaced so that both are
 *   written to a temporary directory, and the worker is told the main script's path;
 * - the main script, evaluated inside each worker, refers to variables of tfjs' bundle
 *   (require$$0 ... commonjsGlobal): its file defines them first;
 * - the XNNPACK thread pool is capped at half the logical cores: os.cpus() reports enough
 *   cores for `threads`.
 * Written by hand because no published build of the backend supports threads in Node.
 */
export async function withThreadedWasmShims<T>(threads: number, initialize: () => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gancond-wasm-'));
  const mainScript = path.join(dir, 'main.js');
  const workerScript = path.join(dir, 'worker.js');
  // Workers started later (a pool larger than emscripten's initial 8) read the files again.
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const saved = { Blob: globalThis.Blob, createObjectURL: URL.createObjectURL, cpus: os.cpus };
  globalThis.Blob = class extends RecordingBlob {
    constructor(...args: ConstructorParameters<typeof Blob>) {
      super(...args);
      if (this.source.startsWith('var WasmBackendModuleThreadedSimd')) fs.writeFileSync(mainScript, BUNDLE_PRELUDE + this.source);
    }
  };
  URL.createObjectURL = (blob: Blob) => {
    if (!(blob instanceof RecordingBlob)) return saved.createObjectURL(blob);
    // The worker receives the main script as a Blob it cannot import: give it the file instead.
    const redirect = `;(function(){const handle=self.onmessage;self.onmessage=e=>{if(e.data&&e.data.cmd==="load"&&typeof e.data.urlOrBlob!=="string")e.data.urlOrBlob=${JSON.stringify(mainScript)};return handle(e)}})();`;
    fs.writeFileSync(workerScript, blob.source + redirect);
    return workerScript;
  };
  os.cpus = () => Array(2 * threads).fill(saved.cpus()[0]);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  try {
    const result = await initialize();
    unrefPthreadWorkers();
    return result;
  } finally {
    globalThis.Blob = saved.Blob;
    URL.createObjectURL = saved.createObjectURL;
    os.cpus = saved.cpus;
  }
}

interface PThreads {
  unusedWorkers: { unref(): void }[];
  runningWorkers: { unref(): void }[];
}

/** emscripten keeps its pthread workers referenced, which would keep Node from exiting. */
function unrefPthreadWorkers(): void {
  const backend = tf.findBackend('wasm') as unknown as { wasm?: { PThread?: PThreads } } | null;
  const pthreads = backend?.wasm?.PThread;
  for (const worker of [...(pthreads?.unusedWorkers ?? []), ...(pthreads?.runningWorkers ?? [])]) worker.unref();
}
