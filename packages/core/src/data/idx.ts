import { gunzipSync } from 'node:zlib';
import { UserError } from '../errors/UserError';
import { readDataFile } from './userFiles';

/** An IDX array of unsigned bytes: its dimensions (outermost first) and its row-major data. */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;

/** The element types the IDX format defines, named in errors so a user sees what they gave us. */
const TYPE_NAMES: Record<number, string> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};

const hex = (value: number, digits: number): string => `0x${value.toString(16).padStart(digits, '0')}`;

/**
 * Parses an unsigned-byte IDX array (magic 0x000008NN, NN = number of dimensions), the
 * format of MNIST and Fashion-MNIST. `source` names the file in errors. The returned data
 * is a view into `bytes`, not a copy.
 */
export function parseIdx(bytes: Uint8Array, source: string): IdxArray {
  const expected = 'an unsigned-byte IDX file (magic 0x00000801 for labels, 0x00000803 for images)';
  if (bytes.length < 4) {
    throw new UserError(`${source}: only ${bytes.length} bytes, too short for an IDX header; expected ${expected}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const type = bytes[2];
  const rank = bytes[3];
  if (bytes[0] !== 0 || bytes[1] !== 0 || rank === 0) {
    throw new UserError(`${source}: bad magic number ${hex(magic, 8)}; expected ${expected}`);
  }
  if (type !== UNSIGNED_BYTE) {
    const typeName = TYPE_NAMES[type] ?? 'not an IDX type';
    throw new UserError(`${source}: unsupported IDX type code ${hex(type, 2)} (${typeName}); expected ${expected}`);
  }
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength) {
    throw new UserError(
      `${source}: truncated header, ${bytes.length} bytes but ${rank} dimensions need ${headerLength}; expected ${expected}`,
    );
  }
  const dims: number[] = [];
  for (let d = 0; d < rank; d++) dims.push(view.getUint32(4 + 4 * d));
  const size = dims.reduce((product, dim) => product * dim, 1);
  const dataLength = bytes.length - headerLength;
  if (dataLength !== size) {
    const problem = dataLength < size ? 'truncated' : 'over-long';
    throw new UserError(
      `${source}: ${problem} data, ${dataLength} bytes after the header but dimensions [${dims.join(', ')}] need exactly ${size}`,
    );
  }
  return { dims, data: bytes.subarray(headerLength) };
}

/** Reads an IDX file, plain or gzipped (recognised by the gzip magic 1f 8b, whatever the file name). */
export function readIdxFile(path: string): IdxArray {
  let bytes: Uint8Array = readDataFile(path, 'an IDX file, plain or gzipped');
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (err) {
      throw new UserError(`${path}: corrupt gzip data (${(err as Error).message}); expected a gzipped IDX file`);
    }
  }
  return parseIdx(bytes, path);
}
