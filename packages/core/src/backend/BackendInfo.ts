/** A tensor runtime gancond can train on, fastest first. */
export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

/** What the user asks for: a specific backend, or the fastest one that loads. */
export type BackendRequest = 'auto' | BackendName;

/** The outcome of backend selection, for logs and run metadata. */
export interface BackendInfo {
  name: BackendName;
  /** `tf.getBackend()` after selection, e.g. 'tensorflow' for both native packages. */
  tfjsBackend: string;
  /** Version of the package that provides the backend. */
  version: string;
  /** Threads of the wasm backend's XNNPACK pool (wasm only). */
  threads?: number;
  /** wasm only: what runs convolutions, matmuls, batch norm, activations and Adam (native kernels or XNNPACK), and why. */
  kernels?: string;
  /** Something that went less well than asked while it started (e.g. no threads). */
  warning?: string;
  /** Why this backend was chosen. */
  reason: string;
  /** Faster backends that `auto` tried and passed over, with why. */
  passedOver: { name: BackendName; reason: string }[];
}
