import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../errors/UserError';

const isPathSpecifier = (specifier: string) => /^(\.{1,2}[\\/]|\/|[A-Za-z]:[\\/])/.test(specifier);

/**
 * Resolves a module named in a config: a path (relative to the config file's directory)
 * or an npm package name, looked up from the config's directory, then the working
 * directory, then beside @gancond/core itself.
 * `field` names the config field in error messages.
 */
export function resolveModule(specifier: string, baseDir: string, field: string): string {
  if (isPathSpecifier(specifier)) {
    const file = path.resolve(baseDir, specifier);
    try {
      return createRequire(path.join(baseDir, 'index.js')).resolve(file);
    } catch {
      throw new UserError(`${field}: cannot find module "${specifier}" (looked for ${file})`);
    }
  }
  for (const from of [baseDir, process.cwd(), __dirname]) {
    try {
      return createRequire(path.join(from, 'index.js')).resolve(specifier);
    } catch {
      /* try the next place */
    }
  }
  throw new UserError(`${field}: cannot find package "${specifier}"; install it with: npm install ${specifier}`);
}

/** Imports a resolved module (CommonJS or ES module) and returns its exports, unwrapping CJS interop. */
export async function importModule(file: string, field: string): Promise<Record<string, unknown>> {
  if (!fs.existsSync(file)) throw new UserError(`${field}: module file ${file} does not exist`);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new UserError(`${field}: module ${file} failed to load: ${(error as Error).message}`);
  }
  const inner = mod.default as Record<string, unknown> | undefined;
  // A CommonJS module arrives as { default: module.exports }; unwrap it.
  return inner && typeof inner === 'object' && !('apply' in mod) ? { ...mod, ...inner } : mod;
}
