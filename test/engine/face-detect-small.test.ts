/**
 * Small faces (issue #17): a face about 40 px wide in a 500×375 photo (like messi5.jpg of OpenCV's
 * samples, 40×52) is below the first pass's smallest window (24 px of 320); the second pass over
 * the smaller windows on a larger copy finds it. Made from assets/samples/astronaut.jpg scaled to
 * 0.45 (its face, cheek to cheek about 88 px and centred near (224, 115), becomes ~40 px) on a
 * blurred noise field, so the test carries no third-party photo.
 */
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { detectFaces } from '../../electron/engine/image/face-detect';
import { REPO } from './helpers';

const SCALE = 0.45;
const AT = { left: 150, top: 60 };
const FACE_CENTRE = { x: AT.left + 224 * SCALE, y: AT.top + 115 * SCALE };

async function smallFacePhoto(): Promise<{ data: Buffer; width: number; height: number }> {
  const W = 500;
  const H = 375;
  const noise = Buffer.alloc(W * H * 3);
  let s = 12345;
  for (let i = 0; i < noise.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    noise[i] = 60 + Math.floor((s / 2 ** 32) * 120);
  }
  const field = await sharp(noise, { raw: { width: W, height: H, channels: 3 } }).blur(3).png().toBuffer();
  const face = await sharp(join(REPO, 'assets', 'samples', 'astronaut.jpg')).resize(Math.round(512 * SCALE)).toBuffer();
  const { data, info } = await sharp(field).composite([{ input: face, ...AT }]).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

describe('small faces', () => {
  it('finds a 40 px face in a 500×375 photo', async () => {
    const photo = await smallFacePhoto();
    const faces = await detectFaces(photo.data, photo.width, photo.height, { channels: 3 });
    // The face comes first, before a chance match of the first pass (the suit, 2 hits).
    expect(faces.length).toBeGreaterThan(0);
    const f = faces[0]!;
    expect(Math.abs(f.left + f.width / 2 - FACE_CENTRE.x)).toBeLessThan(15);
    expect(Math.abs(f.top + f.height / 2 - FACE_CENTRE.y)).toBeLessThan(15);
    expect(f.width).toBeGreaterThan(25);
    expect(f.width).toBeLessThan(60);
  });
});
