/** The result of trying to bring up one backend. */
export type BackendLoad =
  | { ok: true; tfjsBackend: string; version: string; threads?: number; kernels?: string; warning?: string }
  | { ok: false; installed: boolean; reason: string };
