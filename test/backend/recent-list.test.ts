/** The recent pictures list: the same picture opened again moves to the top instead of repeating. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecentList, RECENT_LIMIT } from '../../electron/backend/recent-list';
import { tempDir } from '../engine/helpers';

const bytes = (n: number) => new Uint8Array([137, 80, 78, 71, n]);

describe('RecentList', () => {
  it('keeps one entry for the same upload made five times (each upload has a new image id)', async () => {
    const list = new RecentList();
    for (let i = 0; i < 5; i++) await list.addUpload(`img-${i}`, 'tshirt.png', bytes(1));
    await list.addUpload('img-other', 'bag.jpg', bytes(2));
    expect(list.list().map((e) => [e.name, e.imageId])).toEqual([
      ['bag.jpg', 'img-other'],
      ['tshirt.png', 'img-4'],
    ]);
    // The same name with other bytes is another picture: both stay.
    await list.addUpload('img-5', 'tshirt.png', bytes(3));
    expect(list.list().map((e) => e.name)).toEqual(['tshirt.png', 'bag.jpg', 'tshirt.png']);
  });

  it('keeps one entry per file path and at most RECENT_LIMIT entries', async () => {
    const list = new RecentList(join(tempDir('reseed-recent-'), 'recent.json'));
    for (let i = 0; i < 3; i++) await list.addFile('/photos/a.jpg', 'a.jpg');
    expect(list.list()).toHaveLength(1);
    for (let i = 0; i < RECENT_LIMIT + 4; i++) await list.addUpload(`u${i}`, `p${i}.png`, bytes(10 + i));
    expect(list.list()).toHaveLength(RECENT_LIMIT);
  });
});
