import * as fs from 'node:fs';
import * as path from 'node:path';

/** An installed package that declares itself a gancond plugin. */
export interface InstalledPlugin {
  packageName: string;
  version: string;
  dir: string;
}

function nodeModulesDirs(start: string): string[] {
  const dirs: string[] = [];
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules');
    if (fs.existsSync(candidate)) dirs.push(candidate);
    if (dir === path.dirname(dir)) return dirs;
  }
}

function readPackage(dir: string): { name?: string; version?: string; keywords?: string[] } | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Packages visible from `from` (and from @gancond/core's own location) whose package.json
 * has the keyword `gancond-plugin`, nearest first, each name once.
 */
export function findInstalledPlugins(from: string = process.cwd()): InstalledPlugin[] {
  const found = new Map<string, InstalledPlugin>();
  for (const modules of [...nodeModulesDirs(from), ...nodeModulesDirs(__dirname)]) {
    const entries = fs.readdirSync(modules).flatMap((name) =>
      name.startsWith('@') ? fs.readdirSync(path.join(modules, name)).map((sub) => path.join(name, sub)) : [name],
    );
    for (const entry of entries) {
      const dir = path.join(modules, entry);
      const pkg = readPackage(dir);
      if (pkg?.name && pkg.keywords?.includes('gancond-plugin') && !found.has(pkg.name)) {
        found.set(pkg.name, { packageName: pkg.name, version: pkg.version ?? '?', dir: fs.realpathSync(dir) });
      }
    }
  }
  return [...found.values()];
}
