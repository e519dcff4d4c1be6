import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { UserError } from '../errors/UserError';
import { atomicWriteFileSync } from './atomicWrite';

/*
 * tfjs model files on the local file system, in the standard tfjs format (`model.json`
 * plus binary weight shards), readable by tfjs-node's `file://` handler and by the
 * converter's tools. Written by hand because that handler ships only with
 * @tensorflow/tfjs-node, which is optional (and not installable everywhere).
 */

const WEIGHTS_FILE = 'weights.bin';

/** Saves a LayersModel as `dir/model.json` + `dir/weights.bin` (each written atomically). */
export async function saveLayersModel(model: tfl.LayersModel, dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0)));
      atomicWriteFileSync(path.join(dir, WEIGHTS_FILE), weights);
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tfl.version_layers}`,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig && { trainingConfig: artifacts.trainingConfig }),
        ...(artifacts.userDefinedMetadata && { userDefinedMetadata: artifacts.userDefinedMetadata }),
      };
      atomicWriteFileSync(path.join(dir, 'model.json'), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
}

/**
 * Reads `model.json` and the weight shards its manifest names (paths relative to it) into
 * in-memory model artifacts, for `tfl.loadLayersModel(tf.io.fromMemory(...))` or the
 * converter's `loadGraphModel`. Missing or malformed files are a UserError naming the file.
 */
export async function readModelArtifacts(modelJsonPath: string): Promise<tf.io.ModelArtifacts> {
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(fs.readFileSync(modelJsonPath, 'utf8')) as tf.io.ModelJSON;
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UserError(`${modelJsonPath}: cannot read a tfjs model.json (${why})`);
  }
  if (!json || typeof json !== 'object' || !json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new UserError(`${modelJsonPath}: not a tfjs model.json (expected "modelTopology" and "weightsManifest")`);
  }
  const dir = path.dirname(modelJsonPath);
  return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
    const specs = manifest.flatMap((group) => group.weights);
    const shards = manifest.flatMap((group) =>
      group.paths.map((p) => {
        const file = path.join(dir, p);
        try {
          const bytes = fs.readFileSync(file);
          return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        } catch (error) {
          throw new UserError(`${modelJsonPath}: weight file ${file} is missing or unreadable (${(error as NodeJS.ErrnoException).code})`);
        }
      }),
    );
    const expected = specs.reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1) * bytesPerElement(s.dtype), 0);
    const found = shards.reduce((sum, s) => sum + s.byteLength, 0);
    if (specs.every((s) => !s.quantization) && expected !== found) {
      throw new UserError(`${modelJsonPath}: weight files hold ${found} bytes, the manifest needs ${expected}`);
    }
    return [specs, shards];
  });
}

function bytesPerElement(dtype: string): number {
  return dtype === 'bool' ? 1 : 4;
}

/** Loads a LayersModel saved by {@link saveLayersModel} (or by tfjs-node / the converter). */
export async function loadLayersModelFile(modelJsonPath: string): Promise<tfl.LayersModel> {
  const artifacts = await readModelArtifacts(modelJsonPath);
  try {
    return await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    throw new UserError(`${modelJsonPath}: not a loadable tfjs LayersModel: ${(error as Error).message}`);
  }
}
