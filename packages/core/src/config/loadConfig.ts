import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { UserError } from '../errors/UserError';
import { applyOverrides } from './applyOverrides';
import { formatValidationError } from './formatValidationError';
import { experimentSchema, type ResolvedConfig } from './schema';

/** A validated experiment and where it came from (module paths in it are relative to `baseDir`). */
export interface LoadedConfig {
  config: ResolvedConfig;
  baseDir: string;
  file: string;
}

/** Reads a YAML or JSON experiment file (JSON is YAML), applies `--set` overrides, validates. */
export function loadConfig(file: string, overrides: readonly string[] = []): LoadedConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read config ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const doc = YAML.parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) throw new UserError(`config ${file} is not valid YAML/JSON:\n${doc.errors[0].message}`);
  const raw = doc.toJS() as unknown;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UserError(`config ${file}: expected a mapping with at least "name", found ${raw === null ? 'nothing' : typeof raw}`);
  }
  applyOverrides(raw as Record<string, unknown>, overrides);
  return { config: validateConfig(raw, file), baseDir: path.dirname(path.resolve(file)), file: path.resolve(file) };
}

/** Validates a parsed config object; errors list every bad field with its value. */
export function validateConfig(raw: unknown, source = 'config'): ResolvedConfig {
  const result = experimentSchema.safeParse(raw);
  if (!result.success) throw new UserError(`invalid config ${source}:\n${formatValidationError(result.error, raw)}`);
  return result.data;
}
