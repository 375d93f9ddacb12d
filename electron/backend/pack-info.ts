/** What the renderer is told about model packs: the active one in full, and every installed one. */
import type { ReseedEngine } from '../engine/engine';
import type { OpenPack } from '../engine/open-pack';
import { PROVIDER_LABELS } from '../engine/runtime/providers';
import type { PackInfo } from '../contract/editor-schemas';
import { cropMode } from '../contract/pack-schema';
import { canMeasure } from '../engine/faithful/attribute-meter';
import { directionInfo } from './direction-service';
import type { CustomDirection } from './direction-store';

/** The active pack, its sliders (the pack's own first, then the user's custom ones) and provider. */
export function describePack(open: OpenPack, custom: readonly CustomDirection[]): PackInfo {
  const m = open.pack.manifest;
  const s = open.selection;
  return {
    id: m.id,
    name: m.name,
    version: m.version,
    description: m.description,
    license: m.license,
    dir: open.pack.dir,
    image: { ...m.image },
    defaultSteps: m.sampler.defaultSteps,
    embedSteps: m.networks.embedder.trainedSteps,
    hasRefiner: open.hasRefiner,
    crop: cropMode(m.preprocess),
    directions: [
      ...open.pack.directions.map((d) => ({
        id: d.id,
        label: d.label,
        description: d.description,
        min: d.min,
        max: d.max,
        custom: false,
        lock: canMeasure(open, d.attribute) ? ('closed-loop' as const) : ('projection-only' as const),
      })),
      ...custom.map((d) => ({ ...directionInfo(d), lock: 'projection-only' as const })),
    ],
    provider: { requested: s.requested, provider: s.provider, label: PROVIDER_LABELS[s.provider], reason: s.reason, dropped: [...s.dropped] },
  };
}

/** Installed packs, broken ones and a second claimant of an id included (with their error), the open one marked active. */
export function listPacks(engine: ReseedEngine) {
  const active = engine.opened?.pack.dir;
  const packs = engine.listPacks().map((p) => ({
    dir: p.dir,
    source: p.source,
    id: p.id ?? null,
    name: p.name ?? null,
    version: p.version ?? null,
    error: p.error ?? null,
    active: p.dir === active,
  }));
  return { packs };
}
