import type { PluginEntry } from '../config/schema';
import { formatValidationError } from '../config/formatValidationError';
import { UserError } from '../errors/UserError';
import { importModule, resolveModule } from '../io/loadModule';
import { type GancondPlugin, isPlugin } from './definePlugin';

/** A plugin found and its options validated, ready to apply. */
export interface LoadedPlugin {
  plugin: GancondPlugin;
  options: unknown;
  /** The config's `use`, and the resolved file it came from. */
  use: string;
  file: string;
}

/** Loads one plugin module and returns its plugin object (default export or `plugin`). */
export async function loadPluginModule(use: string, baseDir: string, field: string): Promise<{ plugin: GancondPlugin; file: string }> {
  const file = resolveModule(use, baseDir, field);
  const exports = await importModule(file, field);
  const plugin = [exports.default, exports.plugin, exports].find(isPlugin);
  if (!plugin) {
    throw new UserError(`${field}: "${use}" (${file}) does not export a gancond plugin ({ name, options, apply }) as default or "plugin"`);
  }
  return { plugin, file };
}

/**
 * Loads every plugin named in `plugins`, in config order, and validates each one's
 * options against its own schema (defaults applied). Errors name the config field.
 */
export async function loadPlugins(entries: PluginEntry[], baseDir: string): Promise<LoadedPlugin[]> {
  const loaded: LoadedPlugin[] = [];
  for (const [i, entry] of entries.entries()) {
    const { plugin, file } = await loadPluginModule(entry.use, baseDir, `plugins[${i}].use`);
    const result = plugin.options.safeParse(entry.options);
    if (!result.success) {
      throw new UserError(`invalid options for plugin "${plugin.name}":\n${formatValidationError(result.error, entry.options, `plugins[${i}].options`)}`);
    }
    loaded.push({ plugin, options: result.data, use: entry.use, file });
  }
  return loaded;
}
