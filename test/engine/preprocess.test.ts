/**
 * Preprocessing by the pack's recipe, and every bad input giving a clear InputError (never a hang,
 * never a crash): empty file, truncated PNG, text named .jpg, a 30000×30000 PNG header, a named
 * pipe, a dangling symlink, a folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../electron/engine/errors';
import { preprocessBytes, preprocessFile } from '../../electron/engine/image/preprocess';
import { fitPlacement, parseHexColour, trimBox } from '../../electron/engine/image/raster';
import { readManifest } from '../../electron/engine/packs/manifest';
import type { Pack } from '../../electron/contract/pack-schema';
import { productPng, tempDir, TINY_PACK, TINY_RGB_PACK } from './helpers';

const dir = tempDir();
const pack = readManifest(TINY_PACK);
const withRecipe = (recipe: Partial<Pack['preprocess']>): Pack => ({ ...pack, preprocess: { ...pack.preprocess, ...recipe } });
const at = (data: Float32Array, x: number, y: number) => data[y * 28 + x]!;

/** A PNG header (signature + IHDR) claiming w×h, with a tiny IDAT: a decompression bomb's shape. */
function pngHeaderClaiming(w: number, h: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const byte of b) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // gray
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(100))), chunk('IEND', Buffer.alloc(0))]);
}

async function inputError(p: Promise<unknown>): Promise<InputError> {
  const error = await p.catch((e) => e);
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('preprocessing recipe', () => {
  it('turns a dark product on white into a light garment on black, trimmed and centred', async () => {
    const file = join(dir, 'product.png');
    writeFileSync(file, await productPng(300, 200, { x: 100, y: 50, w: 100, h: 100 }));
    const r = await preprocessFile(file, withRecipe({ trim: true, negate: true, margin: 0, fit: 'contain', background: '#ffffff' }));
    expect(r.image.shape).toEqual([1, 1, 28, 28]);
    // Trimmed to the square and fitted: the object fills the frame, light after negation.
    expect(r.transform.region).toEqual({ left: 100, top: 50, width: 100, height: 100 });
    expect(at(r.image.data, 0, 0)).toBeGreaterThan(0.8);
    expect(at(r.image.data, 14, 14)).toBeCloseTo(1 - 40 / 255, 1);
  });

  it('keeps a margin of background and letterboxes with contain', async () => {
    const file = join(dir, 'wide.png');
    writeFileSync(file, await productPng(200, 100, { x: 0, y: 0, w: 200, h: 100 }));
    const r = await preprocessFile(file, withRecipe({ trim: false, negate: false, margin: 0.1, fit: 'contain' }));
    expect(at(r.image.data, 0, 14)).toBeCloseTo(1, 5); // margin: background white
    expect(at(r.image.data, 14, 14)).toBeLessThan(0.3); // the object
    expect(at(r.image.data, 14, 2)).toBeCloseTo(1, 5); // letterbox above the 2:1 object
    const cover = await preprocessFile(file, withRecipe({ trim: false, negate: false, margin: 0, fit: 'cover' }));
    expect(at(cover.image.data, 14, 0)).toBeLessThan(0.3); // cover fills the frame
  });

  it('keeps the picture\'s layout for gray packs (one channel in, one out of the resize)', async () => {
    // A dark square in the top-left quarter only: sharp once returned three channels here,
    // which the engine read as one, smearing rows into stripes.
    const file = join(dir, 'quarter.png');
    writeFileSync(file, await productPng(200, 200, { x: 0, y: 0, w: 100, h: 100 }));
    const r = await preprocessFile(file, withRecipe({ trim: false, negate: false, margin: 0, fit: 'contain' }));
    expect(at(r.image.data, 5, 5)).toBeLessThan(0.3);
    expect(at(r.image.data, 22, 5)).toBeGreaterThan(0.9);
    expect(at(r.image.data, 5, 22)).toBeGreaterThan(0.9);
    expect(at(r.image.data, 22, 22)).toBeGreaterThan(0.9);
  });

  it('applies an editor crop box before trimming', async () => {
    const file = join(dir, 'two.png');
    writeFileSync(file, await productPng(200, 100, { x: 10, y: 10, w: 30, h: 30 }));
    const r = await preprocessFile(file, pack, { crop: { left: 100, top: 0, width: 100, height: 100 } });
    expect(r.transform.region).toEqual({ left: 100, top: 0, width: 100, height: 100 }); // blank: not trimmed
    // A box may reach past the edges (preprocess-overhang.test.ts), but not miss the picture.
    await expect(preprocessFile(file, pack, { crop: { left: 200, top: 0, width: 100, height: 100 } })).rejects.toThrow(/crop box .* lies outside/);
  });

  it('flattens alpha onto the background and converts colour to gray by luminance', async () => {
    const transparent = await sharp({ create: { width: 40, height: 40, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const r = await preprocessBytes(transparent, withRecipe({ trim: false, negate: false }));
    expect(Math.min(...r.image.data)).toBeCloseTo(1, 5); // transparent → white background
    const red = await sharp({ create: { width: 40, height: 40, channels: 3, background: { r: 255, g: 0, b: 0 } } }).png().toBuffer();
    const g = await preprocessBytes(red, withRecipe({ trim: false, negate: false }));
    expect(g.image.data[0]).toBeGreaterThan(0.4); // luminance of red, not the red channel (1) or green (0)
    expect(g.image.data[0]).toBeLessThan(0.6);
  });

  it('keeps the colour planes apart for RGB packs (C×H×W, cover crops the overflow)', async () => {
    // Thirds of red, green and blue, 300×200, into the tiny-rgb pack (24×24, rgb, cover, no negate):
    // resized to 36×24 and cropped 6 columns each side, so x 0–5 red, 6–17 green, 18–23 blue.
    const rgbPack = readManifest(TINY_RGB_PACK);
    expect(rgbPack.preprocess).toMatchObject({ colorspace: 'rgb', fit: 'cover', negate: false });
    const px = Buffer.alloc(300 * 200 * 3);
    for (let i = 0; i < 300 * 200; i++) px[i * 3 + Math.floor((i % 300) / 100)] = 255;
    const thirds = await sharp(px, { raw: { width: 300, height: 200, channels: 3 } }).png().toBuffer();
    const r = await preprocessBytes(thirds, rgbPack);
    expect(r.image.shape).toEqual([1, 3, 24, 24]);
    const plane = (c: number, x: number, y: number) => r.image.data[c * 24 * 24 + y * 24 + x]!;
    for (const [x, colour] of [[2, 0], [12, 1], [21, 2]] as const) {
      for (let c = 0; c < 3; c++) expect(plane(c, x, 12), `x ${x} channel ${c}`).toBeCloseTo(c === colour ? 1 : 0, 1);
    }
    expect(r.transform.placed).toEqual({ left: -6, top: 0, width: 36, height: 24 });
  });

  it('applies the EXIF orientation', async () => {
    // A 60×20 picture stored with orientation 6 (rotate 90° clockwise) is 20×60 upright.
    const png = await productPng(60, 20, { x: 0, y: 0, w: 10, h: 20 });
    const jpeg = await sharp(png).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const r = await preprocessBytes(jpeg, withRecipe({ trim: false }));
    expect(r.transform.source).toMatchObject({ width: 20, height: 60, format: 'jpeg' });
  });

  it('reads PNG, JPEG, WebP, GIF (first frame), TIFF and AVIF', async () => {
    const png = await productPng(64, 64);
    for (const format of ['png', 'jpeg', 'webp', 'gif', 'tiff', 'avif'] as const) {
      const bytes = await sharp(png).toFormat(format).toBuffer();
      const r = await preprocessBytes(bytes, pack, { label: format });
      expect(r.transform.source.format).toBe(format === 'avif' ? 'heif' : format);
      expect(at(r.image.data, 14, 14), format).toBeGreaterThan(0.7);
    }
  });

  it('uses the first frame of an animated GIF', async () => {
    const px = Buffer.alloc(32 * 64 * 3, 255);
    px.fill(0, 32 * 32 * 3); // frame 1 white, frame 2 black
    const gif = await sharp(px, { raw: { width: 32, height: 64, channels: 3, pageHeight: 32 } }).gif().toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const r = await preprocessBytes(gif, withRecipe({ trim: false, negate: false }));
    expect(r.transform.source).toMatchObject({ width: 32, height: 32, format: 'gif' });
    expect(Math.min(...r.image.data)).toBeGreaterThan(0.99);
  });

  it('has exact raster helpers', () => {
    expect(parseHexColour('#ffffff', 1)).toEqual([255]);
    expect(parseHexColour('#000000', 3)).toEqual([0, 0, 0]);
    const img = { data: new Uint8Array(100).fill(255), width: 10, height: 10, channels: 1 };
    img.data[3 * 10 + 4] = 0;
    expect(trimBox(img, { left: 0, top: 0, width: 10, height: 10 }, [255])).toEqual({ left: 4, top: 3, width: 1, height: 1 });
    expect(fitPlacement({ left: 0, top: 0, width: 100, height: 50 }, 28, 28, 0, 'contain').resize).toEqual({ width: 28, height: 14 });
  });
});

describe('bad inputs give an InputError naming the file', () => {
  it('an empty file', async () => {
    writeFileSync(join(dir, 'empty.png'), '');
    expect((await inputError(preprocessFile(join(dir, 'empty.png'), pack))).reason).toBe('empty file');
  });

  it('a truncated PNG', async () => {
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } }).png({ compressionLevel: 0 }).toBuffer();
    writeFileSync(join(dir, 'cut.png'), png.subarray(0, Math.floor(png.length / 2)));
    expect((await inputError(preprocessFile(join(dir, 'cut.png'), pack))).reason).toMatch(/cannot decode png|not a readable image/);
  });

  it('a text file named .jpg', async () => {
    writeFileSync(join(dir, 'notes.jpg'), 'these are my holiday notes, not a picture\n');
    expect((await inputError(preprocessFile(join(dir, 'notes.jpg'), pack))).reason).toMatch(/not a readable image/);
  });

  it('a PNG header claiming 30000×30000 (decompression bomb guard)', async () => {
    writeFileSync(join(dir, 'bomb.png'), pngHeaderClaiming(30000, 30000));
    const e = await inputError(preprocessFile(join(dir, 'bomb.png'), pack));
    expect(e.reason).toMatch(/30000×30000 \(900 megapixels\), above the 100-megapixel limit/);
  });

  it.runIf(process.platform !== 'win32')('a named pipe called x.png, without hanging', async () => {
    const fifo = join(dir, 'x.png');
    execFileSync('mkfifo', [fifo]);
    const e = await inputError(preprocessFile(fifo, pack));
    expect(e.reason).toMatch(/named pipe/);
  }, 5000);

  it.runIf(process.platform !== 'win32')('a dangling symlink', async () => {
    symlinkSync(join(dir, 'gone.png'), join(dir, 'link.png'));
    expect((await inputError(preprocessFile(join(dir, 'link.png'), pack))).reason).toMatch(/dangling symbolic link/);
  });

  it('a folder, a missing file, an unsupported format', async () => {
    mkdirSync(join(dir, 'folder.png'));
    expect((await inputError(preprocessFile(join(dir, 'folder.png'), pack))).reason).toMatch(/folder/);
    expect((await inputError(preprocessFile(join(dir, 'nope.png'), pack))).reason).toBe('no such file');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
    writeFileSync(join(dir, 'vector.png'), svg);
    expect((await inputError(preprocessFile(join(dir, 'vector.png'), pack))).reason).toMatch(/unsupported image format "svg"/);
  });
});
