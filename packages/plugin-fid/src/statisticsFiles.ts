import * as fs from 'node:fs';
import { unzipSync, zipSync } from 'fflate';
import { UserError, atomicWriteFileSync, encodeNpy, parseNpy, type NpyArray } from '@gancond/core';
import { checkStatistics, type FeatureStatistics } from './statistics';

/**
 * `.npz` statistics as pytorch-fid and TTUR write them (`np.savez(path, mu=mu, sigma=sigma)`):
 * a zip of `mu.npy` (d) and `sigma.npy` (d×d), float64. We also store `n.npy` (the sample
 * count, a 0-d array), which those tools ignore. The zip container is fflate's.
 */
export function readStatisticsFile(file: string): FeatureStatistics {
  const bytes = readBytes(file);
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw new UserError(`${file}: not a readable .npz (zip) archive: ${(error as Error).message}`);
  }
  const array = (name: string): NpyArray | undefined => {
    const entry = entries[`${name}.npy`];
    return entry && parseNpy(entry, `${file}:${name}`);
  };
  const mu = array('mu');
  const sigma = array('sigma');
  if (!mu || !sigma) {
    throw new UserError(`${file}: expected arrays 'mu' and 'sigma' (pytorch-fid statistics), found ${Object.keys(entries).map((k) => `'${k.replace(/\.npy$/, '')}'`).join(', ') || 'none'}`);
  }
  if (mu.shape.length !== 1) throw new UserError(`${file}: mu has shape (${mu.shape.join(', ')}); expected a vector`);
  const dim = mu.shape[0];
  if (sigma.shape.length !== 2 || sigma.shape[0] !== dim || sigma.shape[1] !== dim) {
    throw new UserError(`${file}: sigma has shape (${sigma.shape.join(', ')}); expected (${dim}, ${dim}) to match mu`);
  }
  const n = array('n');
  const count = n && n.data.length === 1 && Number.isInteger(n.data[0]) && n.data[0] > 0 ? n.data[0] : undefined;
  return checkStatistics({ dim, mu: mu.data, sigma: sigma.data, count }, file);
}

/** Writes statistics atomically (readers never see a partial file). */
export function writeStatisticsFile(file: string, stats: FeatureStatistics): void {
  const entries: Record<string, Uint8Array> = {
    'mu.npy': encodeNpy({ shape: [stats.dim], data: stats.mu }),
    'sigma.npy': encodeNpy({ shape: [stats.dim, stats.dim], data: stats.sigma }),
  };
  if (stats.count !== undefined) entries['n.npy'] = encodeNpy({ shape: [], data: [stats.count] });
  // Stored, not deflated, like np.savez: covariances barely compress.
  atomicWriteFileSync(file, zipSync(entries, { level: 0 }));
}

/** A `.npy` feature matrix [N, d]. */
export function readFeatureFile(file: string): { features: Float64Array; count: number; dim: number } {
  const { shape, data } = parseNpy(readBytes(file), file);
  if (shape.length !== 2 || shape[0] < 1 || shape[1] < 1) {
    throw new UserError(`${file}: array of shape (${shape.join(', ')}); expected a feature matrix (N, d)`);
  }
  return { features: data, count: shape[0], dim: shape[1] };
}

export function writeFeatureFile(file: string, features: ArrayLike<number>, dim: number, dtype: 'float32' | 'float64' = 'float32'): void {
  atomicWriteFileSync(file, encodeNpy({ shape: [features.length / dim, dim], data: features }, dtype));
}

function readBytes(file: string): Uint8Array {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new UserError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
