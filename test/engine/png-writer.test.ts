/**
 * The fast PNG writer of the editor's live pictures (engine/image/png-writer.ts): what it writes
 * is a valid PNG that decodes (by libvips, as a browser would) to exactly the pixels given, gray
 * and RGB, odd sizes, and a picture large enough to be compressed off the calling thread.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { writePng, type RawPixels } from '../../electron/engine/image/png-writer';

function pixels(width: number, height: number, channels: 1 | 3, seed: number): RawPixels {
  const data = new Uint8Array(width * height * channels);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    // Smooth areas and noise both: rows of a gradient with random pixels in them.
    data[i] = i % 7 === 0 ? s >>> 24 : (i / channels) % 256;
  }
  return { data, width, height, channels };
}

/** The file's own channels (a gray PNG says 1), and its pixels as stored. */
async function decoded(png: Buffer): Promise<{ data: Buffer; info: { width: number; height: number; channels: number } }> {
  const { channels } = await sharp(png).metadata();
  const image = channels === 1 ? sharp(png).toColourspace('b-w') : sharp(png);
  return image.raw().toBuffer({ resolveWithObject: true });
}

describe('writePng', () => {
  it.each([
    [64, 64, 3],
    [28, 28, 1],
    [37, 5, 3],
    [1, 1, 1],
  ] as const)('%i×%i×%i decodes to the same pixels', async (width, height, channels) => {
    const px = pixels(width, height, channels, width * 31 + height);
    const png = await writePng(px);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const { data, info } = await decoded(png);
    expect([info.width, info.height, info.channels]).toEqual([width, height, channels]);
    expect(Buffer.compare(data, Buffer.from(px.data))).toBe(0);
  });

  it('writes a large picture the same way (compressed off the calling thread)', async () => {
    const px = pixels(700, 400, 3, 5);
    const { data, info } = await decoded(await writePng(px));
    expect([info.width, info.height]).toEqual([700, 400]);
    expect(Buffer.compare(data, Buffer.from(px.data))).toBe(0);
  });

  it('refuses pixels that do not fill the size', async () => {
    await expect(writePng({ data: new Uint8Array(10), width: 4, height: 4, channels: 3 })).rejects.toThrow(/expected 48 samples/);
  });
});
