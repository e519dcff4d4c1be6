import YAML from 'yaml';
import { UserError } from '../errors/UserError';

/**
 * Applies `--set path=value` overrides to a parsed config object, in place.
 * Paths use dots and brackets (`training.steps`, `plugins[0].options.lambdaMax`);
 * values are read as YAML scalars or flow collections, so `3` is a number, `true` a
 * boolean and `{a: 1}` an object.
 */
export function applyOverrides(config: Record<string, unknown>, overrides: readonly string[]): void {
  for (const override of overrides) {
    const eq = override.indexOf('=');
    if (eq <= 0) throw new UserError(`--set ${override}: expected path=value, e.g. --set training.steps=100`);
    const keys = parsePath(override.slice(0, eq), override);
    let value: unknown;
    try {
      value = YAML.parse(override.slice(eq + 1));
    } catch (error) {
      throw new UserError(`--set ${override}: cannot read the value: ${(error as Error).message}`);
    }
    setPath(config, keys, value, override);
  }
}

function parsePath(path: string, override: string): (string | number)[] {
  const keys: (string | number)[] = [];
  for (const part of path.split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!match || (!match[1] && !match[2])) throw new UserError(`--set ${override}: cannot read the path "${path}"`);
    if (match[1]) keys.push(/^\d+$/.test(match[1]) ? Number(match[1]) : match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) keys.push(Number(index[1]));
  }
  return keys;
}

function setPath(target: Record<string, unknown>, keys: (string | number)[], value: unknown, override: string): void {
  let node: Record<string | number, unknown> = target;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) {
      node[key] = value;
      return;
    }
    if (node[key] === undefined) node[key] = typeof keys[i + 1] === 'number' ? [] : {};
    const next = node[key];
    if (next === null || typeof next !== 'object') {
      throw new UserError(`--set ${override}: "${keys.slice(0, i + 1).join('.')}" is ${JSON.stringify(next)}, not an object`);
    }
    node = next as Record<string | number, unknown>;
  });
}
