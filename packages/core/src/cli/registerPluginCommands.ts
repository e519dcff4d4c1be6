import type { Command } from 'commander';
import { consoleLogger } from '../io/Logger';
import { findInstalledPlugins } from '../plugin/findInstalledPlugins';
import { loadPluginModule } from '../plugin/loadPlugins';

/**
 * Adds the subcommands of every installed plugin that declares some (`gancond spectrum`,
 * `gancond fid`, ...): a command exists exactly when its plugin is installed. A plugin
 * package that fails to load costs a warning, not the CLI.
 */
export async function registerPluginCommands(program: Command): Promise<void> {
  for (const installed of findInstalledPlugins()) {
    try {
      const { plugin } = await loadPluginModule(installed.dir, process.cwd(), installed.packageName);
      plugin.commands?.(program);
    } catch (error) {
      consoleLogger.warn(`plugin ${installed.packageName} could not be loaded: ${(error as Error).message}`);
    }
  }
}
