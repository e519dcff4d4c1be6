import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { datasetImages, loadDataset, type DatasetName, type FeatureExtractor, type Logger, type Split } from '@gancond/core';
import { collectFeatures, type CollectedFeatures } from './collectFeatures';
import { readFeatureFile, readStatisticsFile, writeFeatureFile, writeStatisticsFile } from './statisticsFiles';

/** `$GANCOND_CACHE/fid` if set, else `~/.cache/gancond/fid`. */
export function defaultCacheDir(): string {
  const root = process.env.GANCOND_CACHE || path.join(os.homedir(), '.cache', 'gancond');
  return path.join(root, 'fid');
}

export interface ReferenceRequest {
  dataset: DatasetName;
  split: Split;
  /** Directory of the dataset's files (all but MNIST, which is embedded). */
  dataPath?: string;
  extractor: FeatureExtractor;
  /** Use the first `samples` images of the split (all of them if it has fewer). */
  samples: number;
  batchSize: number;
  cacheDir: string;
  /** Also cache and return the feature matrix (for KID). */
  keepFeatures?: boolean;
  logger?: Logger;
}

export interface ReferenceStatistics extends CollectedFeatures {
  /** The cached `.npz`. */
  file: string;
  /** Whether it was read from the cache rather than computed. */
  cached: boolean;
}

/**
 * Statistics of real data, computed once and cached on disk under a name made of the
 * dataset, split, extractor and N, e.g. `mnist-test-mnist-classifier-n10000.npz`
 * (a user model is named by its path and a hash of its model.json, so a retrained model
 * gets a new entry). Files are written atomically; an unreadable cache file is recomputed.
 */
export function referenceStatistics(request: ReferenceRequest): ReferenceStatistics {
  const data = loadDataset({ dataset: request.dataset, split: request.split, path: request.dataPath, limit: request.samples });
  const base = path.join(
    request.cacheDir,
    `${request.dataset}-${request.split}-${extractorKey(request.extractor.name)}-n${data.size}`,
  );
  const file = `${base}.npz`;
  const featureFile = `${base}.features.npy`;
  const cached = readCache(file, request.keepFeatures ? featureFile : undefined, request.extractor.featureDim, request.logger);
  if (cached) return { ...cached, file, cached: true };

  request.logger?.info(`fid: computing reference statistics of ${data.size} ${request.dataset}:${request.split} images with ${request.extractor.name} (cached as ${file})`);
  const collected = collectFeatures(request.extractor, datasetImages(data), request.batchSize, {
    keepFeatures: request.keepFeatures,
    source: `${request.dataset}:${request.split} features`,
  });
  fs.mkdirSync(request.cacheDir, { recursive: true });
  writeStatisticsFile(file, collected.stats);
  if (collected.features) writeFeatureFile(featureFile, collected.features, request.extractor.featureDim);
  return { ...collected, file, cached: false };
}

function readCache(file: string, featureFile: string | undefined, dim: number, logger?: Logger): CollectedFeatures | undefined {
  if (!fs.existsSync(file) || (featureFile && !fs.existsSync(featureFile))) return undefined;
  try {
    const stats = readStatisticsFile(file);
    if (stats.dim !== dim) throw new Error(`feature dimension ${stats.dim}, the extractor gives ${dim}`);
    if (!featureFile) return { stats };
    const { features, dim: featureDim, count } = readFeatureFile(featureFile);
    if (featureDim !== dim || count !== stats.count) throw new Error(`${featureFile} does not match the statistics`);
    return { stats, features: Float32Array.from(features) };
  } catch (error) {
    logger?.warn(`fid: ignoring the unreadable cache entry ${file} (${(error as Error).message}); recomputing it`);
    return undefined;
  }
}

/**
 * A file-name-safe name for the extractor: a built-in by its name, a model file by its
 * directory name and a hash of model.json and its weight files, so retraining invalidates.
 */
function extractorKey(name: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '');
  if (!fs.existsSync(name)) return safe(name);
  const modelJson = fs.statSync(name).isDirectory() ? path.join(name, 'model.json') : name;
  const hash = createHash('sha256');
  const text = fs.readFileSync(modelJson);
  hash.update(text);
  const manifest = (JSON.parse(text.toString('utf8')) as { weightsManifest?: { paths?: string[] }[] }).weightsManifest ?? [];
  for (const group of manifest) {
    for (const weights of group.paths ?? []) {
      const file = path.join(path.dirname(modelJson), weights);
      if (fs.existsSync(file)) hash.update(fs.readFileSync(file));
    }
  }
  return `${safe(path.basename(path.dirname(path.resolve(modelJson))))}-${hash.digest('hex').slice(0, 12)}`;
}
