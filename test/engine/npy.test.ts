/** .npy files: what the batch writes, what numpy and the golden values read and write. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy } from '../../electron/engine/npy';
import { tempDir } from './helpers';

describe('npy', () => {
  it('round-trips float32 arrays of any rank', () => {
    const data = new Float32Array([1.5, -2, 3.25, 0, 1e-8, -1e8]);
    for (const shape of [[6], [2, 3], [1, 2, 3], [1, 1, 2, 3]]) {
      const back = decodeNpy(encodeNpy(data, shape));
      expect(back.shape).toEqual(shape);
      expect(back.data).toEqual(data);
    }
  });

  it('aligns the data to 64 bytes like numpy', () => {
    const bytes = encodeNpy(new Float32Array(784), [1, 28, 28]);
    const headerLength = bytes.readUInt16LE(8);
    expect((10 + headerLength) % 64).toBe(0);
    expect(bytes.length).toBe(10 + headerLength + 784 * 4);
  });

  it('reads float64 files (converting) and refuses what it cannot read', () => {
    // A hand-made float64 file: header from a float32 one with the dtype swapped.
    const f32 = encodeNpy(new Float32Array(2), [2]);
    const header = f32.subarray(0, 10 + f32.readUInt16LE(8)).toString('latin1').replace('<f4', '<f8');
    const values = Buffer.alloc(16);
    values.writeDoubleLE(0.1, 0);
    values.writeDoubleLE(-3, 8);
    const f64 = decodeNpy(Buffer.concat([Buffer.from(header, 'latin1'), values]));
    expect(Array.from(f64.data)).toEqual([Math.fround(0.1), -3]);
    expect(() => decodeNpy(Buffer.from('not an npy file'))).toThrow(/magic/);
    const good = encodeNpy(new Float32Array([1, 2, 3, 4]), [4]);
    expect(() => decodeNpy(good.subarray(0, good.length - 4))).toThrow(/truncated/);
    const fortran = Buffer.from(good);
    fortran.write("'fortran_order': True ", good.indexOf("'fortran_order'"), 'latin1');
    expect(() => decodeNpy(fortran)).toThrow(/Fortran/);
  });

  it.runIf(existsSync('/usr/bin/python3'))('agrees with numpy both ways', () => {
    const dir = tempDir();
    const ours = join(dir, 'ours.npy');
    writeFileSync(ours, encodeNpy(new Float32Array([0.5, -1, 2, 3, 4, 5]), [2, 3]));
    const script = [
      'import numpy as np, sys',
      `a = np.load(${JSON.stringify(ours)})`,
      'assert a.dtype == np.float32 and a.shape == (2, 3), (a.dtype, a.shape)',
      `np.save(${JSON.stringify(join(dir, 'theirs.npy'))}, (a * 2).astype(np.float64))`,
    ].join('\n');
    try {
      execFileSync('/usr/bin/python3', ['-c', script], { stdio: 'pipe' });
    } catch (error) {
      if (/No module named 'numpy'/.test(String((error as { stderr?: Buffer }).stderr))) return;
      throw error;
    }
    const back = decodeNpy(readFileSync(join(dir, 'theirs.npy')));
    expect(back.shape).toEqual([2, 3]);
    expect(Array.from(back.data)).toEqual([1, -2, 4, 6, 8, 10]);
  });
});
