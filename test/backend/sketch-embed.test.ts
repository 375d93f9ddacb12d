/** Sketch and re-embed on the real engine: strokes drawn on the photo change what gets embedded. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ReseedEngine } from '../../electron/engine/engine';
import { EditorService } from '../../electron/backend/editor-service';
import { EmbedRequestSchema } from '../../electron/contract/editor-schemas';
import { REPO, TINY_PACK } from '../engine/helpers';

let service: EditorService;

beforeAll(() => {
  service = new EditorService({ engine: new ReseedEngine({ packRoots: [], threads: 1 }), pack: TINY_PACK, provider: 'cpu' });
});

afterAll(async () => {
  await service?.dispose();
});

it('embeds the sketched crop, and refuses markup in a stroke colour', async () => {
  const bytes = readFileSync(join(REPO, 'assets', 'samples', 'tshirt.png'));
  const opened = await service.openUpload('tshirt.png', bytes.toString('base64'));
  const crop = opened.defaultCrop;
  const plain = await service.embed(EmbedRequestSchema.parse({ requestId: 'sk-1', imageId: opened.imageId, crop }));
  const stroke = { color: '#000000', width: 40, points: [[crop.left + 20, crop.top + 20], [crop.left + crop.width - 20, crop.top + crop.height - 20]] as [number, number][] };
  const sketched = await service.embed(EmbedRequestSchema.parse({ requestId: 'sk-2', imageId: opened.imageId, crop, sketch: [stroke] }));
  expect(sketched.input).not.toBe(plain.input);
  expect(sketched.reconstruction).not.toBe(plain.reconstruction);
  const bad = EmbedRequestSchema.safeParse({ requestId: 'sk-3', imageId: opened.imageId, crop, sketch: [{ ...stroke, color: 'red"/><script>' }] });
  expect(bad.success).toBe(false);
});
