import { UserError } from '../errors/UserError';

/**
 * NumPy `.npy` arrays (format versions 1–3), hand-written because the format is a short
 * header plus raw little-endian data and no maintained npm reader handles float64 writing
 * and validation the way we need. Reads float32/float64 in either byte order and either
 * memory order; writes little-endian float64 (or float32), C order, version 1.0.
 */
export interface NpyArray {
  shape: number[];
  /** Row-major (C order) values. */
  data: Float64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export function parseNpy(bytes: Uint8Array, source: string): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new UserError(`${source}: not a .npy file (missing the \\x93NUMPY magic)`);
  }
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLength: number;
  let headerStart: number;
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new UserError(`${source}: truncated .npy header`);
    headerLength = view.getUint32(8, true);
    headerStart = 12;
  } else {
    throw new UserError(`${source}: unsupported .npy format version ${major}.${bytes[7]} (expected 1.0, 2.0 or 3.0)`);
  }
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) throw new UserError(`${source}: truncated .npy header`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataStart));

  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new UserError(`${source}: malformed .npy header ${JSON.stringify(header.trim())}`);
  }
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  if (shape.some((s) => !Number.isInteger(s) || s < 0)) throw new UserError(`${source}: bad shape (${shapeText}) in .npy header`);

  const kind = /^([<>=|])f([48])$/.exec(descr);
  if (!kind) throw new UserError(`${source}: dtype '${descr}' is not supported (expected float32 '<f4' or float64 '<f8')`);
  const littleEndian = kind[1] !== '>';
  const itemSize = Number(kind[2]);
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.length - dataStart < count * itemSize) {
    throw new UserError(
      `${source}: truncated .npy data: shape (${shape.join(', ')}) needs ${count * itemSize} bytes, file has ${bytes.length - dataStart}`,
    );
  }
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const at = dataStart + i * itemSize;
    data[i] = itemSize === 8 ? view.getFloat64(at, littleEndian) : view.getFloat32(at, littleEndian);
  }
  return { shape, data: fortran === 'True' ? fortranToC(data, shape) : data };
}

/** Serializes a C-order array as `.npy` version 1.0, header padded so the data is 64-byte aligned (as NumPy does). */
export function encodeNpy(array: { shape: readonly number[]; data: ArrayLike<number> }, dtype: 'float64' | 'float32' = 'float64'): Uint8Array {
  const count = array.shape.reduce((a, b) => a * b, 1);
  if (count !== array.data.length) {
    throw new Error(`encodeNpy: shape (${array.shape.join(', ')}) holds ${count} values, data has ${array.data.length}`);
  }
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let header = `{'descr': '${dtype === 'float64' ? '<f8' : '<f4'}', 'fortran_order': False, 'shape': ${shape}, }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const itemSize = dtype === 'float64' ? 8 : 4;
  const out = new Uint8Array(10 + header.length + count * itemSize);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const dataStart = 10 + header.length;
  for (let i = 0; i < count; i++) {
    if (itemSize === 8) view.setFloat64(dataStart + 8 * i, array.data[i], true);
    else view.setFloat32(dataStart + 4 * i, array.data[i], true);
  }
  return out;
}

function fortranToC(data: Float64Array, shape: number[]): Float64Array {
  if (shape.length < 2) return data;
  // Fortran order is the C order of the reversed shape: transpose by index arithmetic.
  const out = new Float64Array(data.length);
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  for (let c = 0; c < data.length; c++) {
    let f = 0;
    let stride = 1;
    for (let axis = 0; axis < rank; axis++) {
      f += index[axis] * stride;
      stride *= shape[axis];
    }
    out[c] = data[f];
    for (let axis = rank - 1; axis >= 0; axis--) {
      if (++index[axis] < shape[axis]) break;
      index[axis] = 0;
    }
  }
  return out;
}
