#!/usr/bin/env node
/**
 * Writes the editor's sample pictures (assets/samples/): simple product-photo-like silhouettes —
 * a dark garment or shoe on a white background, like the photos Fashion-MNIST was made from —
 * drawn from SVG with sharp, so they are free of third-party rights and reproducible.
 *
 *   node scripts/make-sample-assets.mjs
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const out = fileURLToPath(new URL('../assets/samples/', import.meta.url));

/** Each sample: an SVG body drawn on a white canvas, and the file it becomes. */
const SAMPLES = [
  {
    file: 'tshirt.png',
    width: 320,
    height: 320,
    body: `<path d="M112 52 L80 62 L26 110 L56 158 L88 136 L88 284 L232 284 L232 136 L264 158 L294 110 L240 62 L208 52
             C200 74 184 86 160 86 C136 86 120 74 112 52 Z" fill="#2b2d42"/>
           <path d="M118 56 C126 72 142 80 160 80 C178 80 194 72 202 56" stroke="#4a4e69" stroke-width="6" fill="none"/>`,
  },
  {
    file: 'sneaker.png',
    width: 360,
    height: 240,
    body: `<path d="M40 168 L44 104 C60 100 84 96 104 84 L128 70 C140 96 168 110 196 114 C240 120 288 132 312 150
             C324 158 326 170 322 178 L40 178 Z" fill="#22223b"/>
           <rect x="36" y="176" width="292" height="18" rx="6" fill="#4a4e69"/>
           <path d="M120 92 L150 118 M136 84 L166 110 M152 78 L182 104" stroke="#9a8c98" stroke-width="5"/>`,
  },
  {
    file: 'bag.jpg',
    width: 300,
    height: 320,
    body: `<path d="M98 120 C98 56 202 56 202 120" stroke="#3d405b" stroke-width="14" fill="none"/>
           <path d="M58 120 L242 120 L262 288 L38 288 Z" fill="#3d405b"/>
           <rect x="128" y="150" width="44" height="20" rx="4" fill="#81b29a"/>`,
  },
  {
    file: 'dress.png',
    width: 260,
    height: 360,
    body: `<path d="M102 30 L96 90 L70 118 L104 150 L52 330 L208 330 L156 150 L190 118 L164 90 L158 30
             C146 46 114 46 102 30 Z" fill="#463f3a"/>`,
  },
];

mkdirSync(out, { recursive: true });
for (const s of SAMPLES) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${s.width}" height="${s.height}" viewBox="0 0 ${s.width} ${s.height}">
    <rect width="100%" height="100%" fill="#ffffff"/>${s.body}</svg>`;
  const image = sharp(Buffer.from(svg)).flatten({ background: '#ffffff' });
  const file = path.join(out, s.file);
  // withMetadata is not used: the files carry no EXIF or other metadata.
  await (s.file.endsWith('.jpg') ? image.jpeg({ quality: 90 }) : image.png({ compressionLevel: 9 })).toFile(file);
  console.log(`wrote ${path.relative(process.cwd(), file)} (${s.width}×${s.height})`);
}
