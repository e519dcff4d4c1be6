import { createHash } from 'node:crypto';
import type { JsonValue } from '../io/JsonValue';
import { UserError } from '../errors/UserError';

/** A named tensor stored in a checkpoint (model weights, optimizer slots). */
export interface CheckpointTensor {
  key: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  values: Float32Array | Int32Array;
}

/** Everything a checkpoint holds: the step, JSON state (RNG, data order, plugins), tensors. */
export interface CheckpointData {
  step: number;
  state: { [key: string]: JsonValue };
  tensors: CheckpointTensor[];
}

interface Header {
  format: 'gancond-checkpoint';
  version: 1;
  step: number;
  state: { [key: string]: JsonValue };
  tensors: { key: string; shape: number[]; dtype: 'float32' | 'int32'; offset: number; length: number }[];
  dataBytes: number;
  sha256: string;
}

const MAGIC = Buffer.from('GANCKPT1', 'ascii');

/**
 * One self-describing file: magic, a JSON header (step, state, tensor table, SHA-256 of the
 * data), then the raw little-endian tensor data aligned to 4 bytes. The checksum lets
 * resume tell a complete checkpoint from a damaged one and fall back to an older one.
 * (A bespoke format because tfjs' own save handlers cover models, not optimizer slots,
 * RNG state and plugin state together, and tfjs-node's file handler is not available.)
 */
export function encodeCheckpoint(data: CheckpointData): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  const tensors: Header['tensors'] = [];
  let offset = 0;
  for (const t of data.tensors) {
    const bytes = new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength);
    tensors.push({ key: t.key, shape: t.shape, dtype: t.dtype, offset, length: t.values.length });
    chunks.push(bytes);
    offset += bytes.byteLength;
  }
  const hash = createHash('sha256');
  for (const c of chunks) hash.update(c);
  const header: Header = {
    format: 'gancond-checkpoint',
    version: 1,
    step: data.step,
    state: data.state,
    tensors,
    dataBytes: offset,
    sha256: hash.digest('hex'),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(MAGIC.length + 4);
  MAGIC.copy(prefix);
  prefix.writeUInt32LE(headerBytes.length, MAGIC.length);
  const padding = Buffer.alloc((4 - ((prefix.length + headerBytes.length) % 4)) % 4, 0x20);
  return [prefix, headerBytes, padding, ...chunks];
}

export function decodeCheckpoint(bytes: Buffer, source: string): CheckpointData {
  const corrupt = (why: string) => new UserError(`checkpoint ${source} is damaged: ${why}`);
  if (bytes.length < MAGIC.length + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw corrupt('not a gancond checkpoint (bad magic)');
  }
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const headerEnd = MAGIC.length + 4 + headerLength;
  if (headerEnd > bytes.length) throw corrupt('truncated header');
  let header: Header;
  try {
    header = JSON.parse(bytes.subarray(MAGIC.length + 4, headerEnd).toString('utf8')) as Header;
  } catch {
    throw corrupt('unreadable header');
  }
  if (header.format !== 'gancond-checkpoint' || header.version !== 1) throw corrupt('unknown format version');
  const dataStart = headerEnd + ((4 - (headerEnd % 4)) % 4);
  if (bytes.length !== dataStart + header.dataBytes) {
    throw corrupt(`expected ${dataStart + header.dataBytes} bytes, found ${bytes.length}`);
  }
  const data = bytes.subarray(dataStart);
  if (createHash('sha256').update(data).digest('hex') !== header.sha256) throw corrupt('checksum mismatch');
  // Copy into an aligned buffer so typed-array views are valid whatever Buffer's offset.
  const aligned = new Uint8Array(data).buffer;
  const tensors = header.tensors.map((t) => ({
    key: t.key,
    shape: t.shape,
    dtype: t.dtype,
    values: t.dtype === 'int32' ? new Int32Array(aligned, t.offset, t.length) : new Float32Array(aligned, t.offset, t.length),
  }));
  return { step: header.step, state: header.state, tensors };
}
