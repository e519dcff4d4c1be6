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
    // Package names stay as they are; only path specifiers are rewritten, in `use` and in
    // any option string (an extractor's model.json, a cache directory).
    plugins: config.plugins.map((p) => ({ use: abs(p.use, true)!, options: resolveOptionPaths(p.options, baseDir) as Record<string, unknown> })),
  };
}

/** Option values that are strings starting with ./ or ../, at any depth, resolved against `baseDir`. */
function resolveOptionPaths(value: unknown, baseDir: string): unknown {
  if (typeof value === 'string') return isRelativePath(value) ? path.resolve(baseDir, value) : value;
  if (Array.isArray(value)) return value.map((v) => resolveOptionPaths(v, baseDir));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveOptionPaths(v, baseDir)]));
  }
  return value;
}
