import * as path from 'node:path';
import type { ResolvedConfig } from '../config/schema';

const isRelativePath = (p: string) => p.startsWith('./') || p.startsWith('../') || p === '.' || p === '..';

/**
 * The config with every file path made absolute against the config file's directory, so
 * that `config.resolved.yaml` in the run directory can be resumed from anywhere.
 */
export function withAbsolutePaths(config: ResolvedConfig, baseDir: string): ResolvedConfig {
  const abs = (p: string | undefined, onlyRelative: boolean) =>
    p === undefined || (onlyRelative && !isRelativePath(p)) ? p : path.resolve(baseDir, p);
  return {
    ...config,
    data: { ...config.data, path: abs(config.data.path, false) },
    model: { ...config.model, module: abs(config.model.module, true) },
    // Package names stay as they are; only path specifiers are rewritten.
    plugins: config.plugins.map((p) => ({ ...p, use: abs(p.use, true)! })),
  };
}
