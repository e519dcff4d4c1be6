import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { UserError } from '../../src/errors/UserError';
import { encodeNpy, parseNpy } from '../../src/io/npy';
import { tempDir } from '../helpers/tempDir';

const randomValues = (n: number) => Float64Array.from({ length: n }, () => (Math.random() - 0.5) * 10 ** (6 * Math.random() - 3));
const isUserError = (pattern: RegExp) => (e: unknown) => e instanceof UserError && pattern.test(e.message);

/** A version-1.0 `.npy` with the given header dictionary and raw data bytes, built by hand. */
function handMadeNpy(dict: string, data: Uint8Array): Uint8Array {
  const header = `${dict}\n`;
  const out = new Uint8Array(10 + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(data, 10 + header.length);
  return out;
}

function hasNumpy(): boolean {
  try {
    execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('.npy arrays', () => {
  it('round-trip exactly in float64, and through float32 rounding in float32, for ranks 0 to 3', () => {
    for (const shape of [[], [7], [5, 3], [2, 3, 4]]) {
      const data = randomValues(shape.reduce((a, b) => a * b, 1));
      assert.deepEqual(parseNpy(encodeNpy({ shape, data }), 'f8'), { shape, data });
      assert.deepEqual(parseNpy(encodeNpy({ shape, data }, 'float32'), 'f4'), { shape, data: Float64Array.from(Float32Array.from(data)) });
    }
    assert.deepEqual(parseNpy(encodeNpy({ shape: [], data: [42] }), 'scalar'), { shape: [], data: Float64Array.of(42) });
  });

  it('start their data on a 64-byte boundary, as NumPy writes them', () => {
    for (const d of [1, 10, 123]) {
      const npy = encodeNpy({ shape: [d, d], data: randomValues(d * d) });
      assert.equal((npy.length - d * d * 8) % 64, 0, `d = ${d}`);
    }
  });

  it('read Fortran order and big-endian data (a 2x3 case worked by hand)', () => {
    // C order [[1, 2, 3], [4, 5, 6]] stored column after column: 1 4 2 5 3 6.
    const fortran = new Uint8Array(6 * 8);
    [1, 4, 2, 5, 3, 6].forEach((v, i) => new DataView(fortran.buffer).setFloat64(8 * i, v, true));
    const f = parseNpy(handMadeNpy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", fortran), 'fortran');
    assert.deepEqual(f, { shape: [2, 3], data: Float64Array.of(1, 2, 3, 4, 5, 6) });
    const value = Math.random();
    const big = new Uint8Array(4);
    new DataView(big.buffer).setFloat32(0, value, false);
    const b = parseNpy(handMadeNpy("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", big), 'big-endian');
    assert.deepEqual(b.data, Float64Array.of(Math.fround(value)));
  });

  it('reject what they cannot read with a UserError naming the source', () => {
    const good = encodeNpy({ shape: [3, 2], data: [1, 2, 3, 4, 5, 6] });
    assert.throws(() => parseNpy(new TextEncoder().encode('hello world, not numpy'), 'magic.npy'), isUserError(/magic.npy: not a .npy file/));
    assert.throws(() => parseNpy(good.subarray(0, good.length - 5), 'short.npy'), isUserError(/short.npy: truncated .npy data: shape \(3, 2\) needs 48 bytes/));
    const int64 = new TextDecoder('latin1').decode(good).replace("'<f8'", "'<i8'");
    assert.throws(() => parseNpy(Uint8Array.from(int64, (c) => c.charCodeAt(0)), 'int.npy'), isUserError(/int.npy: dtype '<i8' is not supported/));
    const version4 = Uint8Array.from(good);
    version4[6] = 4;
    assert.throws(() => parseNpy(version4, 'v4.npy'), isUserError(/v4.npy: unsupported .npy format version 4.0/));
    assert.throws(() => parseNpy(handMadeNpy("{'descr': '<f8'}", new Uint8Array(0)), 'header.npy'), isUserError(/header.npy: malformed .npy header/));
    assert.throws(() => encodeNpy({ shape: [2, 2], data: [1, 2, 3] }), /shape \(2, 2\) holds 4 values, data has 3/);
  });

  it('interoperate with NumPy: it reads what we write, we read what it writes (float32, big-endian, Fortran order, version 2.0)', { skip: !hasNumpy() && 'python3 with numpy not found' }, () => {
    const dir = tempDir();
    const x = randomValues(4 * 3);
    fs.writeFileSync(path.join(dir, 'ours.npy'), encodeNpy({ shape: [4, 3], data: x }));
    const script = [
      'import json, sys, numpy as np',
      'd = sys.argv[1]; x = np.load(d + "/ours.npy")',
      'y = np.array(json.loads(sys.argv[2])).reshape(4, 3)',
      'np.save(d + "/f4.npy", y.astype("<f4")); np.save(d + "/be.npy", y.astype(">f8")); np.save(d + "/fortran.npy", np.asfortranarray(y))',
      'np.lib.format.write_array(open(d + "/v2.npy", "wb"), y, version=(2, 0))',
      'print(json.dumps({"x": x.ravel().tolist(), "shape": list(x.shape), "dtype": str(x.dtype)}))',
    ].join('\n');
    const out = JSON.parse(execFileSync('python3', ['-c', script, dir, JSON.stringify(Array.from(x))], { encoding: 'utf8' }));
    assert.deepEqual(out, { x: Array.from(x), shape: [4, 3], dtype: 'float64' });
    const read = (name: string) => parseNpy(fs.readFileSync(path.join(dir, name)), name);
    assert.deepEqual(read('f4.npy'), { shape: [4, 3], data: Float64Array.from(Float32Array.from(x)) });
    for (const name of ['be.npy', 'fortran.npy', 'v2.npy']) assert.deepEqual(read(name), { shape: [4, 3], data: x }, name);
  });
});
