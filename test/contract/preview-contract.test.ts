/**
 * The preview option of a decode (issue #21): `quality` in the request (absent: full), `decoder`
 * in the answer (which one ran), and pack.json's optional networks.preview.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DecodedSchema, DecodeRequestSchema } from '../../electron/contract/editor-schemas';
import { PackSchema } from '../../electron/contract/pack-schema';

const REPO = join(__dirname, '..', '..');
const request = { requestId: 'r1', seedId: 's1', sliders: { darker: 1 } };
const answer = { seedId: 's1', image: 'data:image/png;base64,AAAA', decodeMs: 3, provider: 'cpu', colours: 'model', keepDetails: false, locks: [] };

describe('decode request and answer', () => {
  it('takes quality preview or full, or none (full)', () => {
    expect(DecodeRequestSchema.parse(request).quality).toBeUndefined();
    expect(DecodeRequestSchema.parse({ ...request, quality: 'preview' }).quality).toBe('preview');
    expect(DecodeRequestSchema.parse({ ...request, quality: 'full' }).quality).toBe('full');
    expect(DecodeRequestSchema.safeParse({ ...request, quality: 'fast' }).success).toBe(false);
  });

  it('says which decoder ran', () => {
    expect(DecodedSchema.parse({ ...answer, decoder: 'preview' }).decoder).toBe('preview');
    expect(DecodedSchema.safeParse(answer).success).toBe(false);
  });
});

describe('pack.json networks.preview', () => {
  const tiny = JSON.parse(readFileSync(join(REPO, 'test', 'fixtures', 'tiny-pack', 'pack.json'), 'utf8'));
  const entry = JSON.parse(readFileSync(join(REPO, 'test', 'fixtures', 'tiny-preview', 'preview-entry.json'), 'utf8'));

  it('is optional', () => {
    expect(PackSchema.safeParse(tiny).success).toBe(true);
    expect(PackSchema.safeParse({ ...tiny, networks: { ...tiny.networks, preview: entry } }).success).toBe(true);
  });

  it('must give pixels out and the steps it matches', () => {
    const bad = { ...entry, outputRange: 'normalized' };
    expect(PackSchema.safeParse({ ...tiny, networks: { ...tiny.networks, preview: bad } }).success).toBe(false);
    const { trainedSteps: _, ...noSteps } = entry;
    expect(PackSchema.safeParse({ ...tiny, networks: { ...tiny.networks, preview: noSteps } }).success).toBe(false);
  });
});
