/**
 * Reads and validates a pack's pack.json against the lead's zod PackSchema (the single source of
 * truth for the format) plus the cross-field rules the schema cannot express (shapes agree with
 * the image size, one mean/std per channel). Every failure is a PackError naming file and field.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { PACK_SCHEMA_VERSION, PackSchema, type DirectionAttribute, type Pack, type TensorSpec } from '../../contract/pack-schema';
import { PackError } from '../errors';

export const MANIFEST_FILE = 'pack.json';

/** `networks.denoiser.inputs.noisy.shape`, `directions.items[2].sigma`: the path as users read it. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

function firstIssues(error: z.ZodError): { field: string; reason: string } {
  const [first, ...rest] = error.issues;
  const field = first && first.path.length > 0 ? fieldPath(first.path) : '(top level)';
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
  return { field, reason: `${first?.message ?? 'invalid'}${more}` };
}

/**
 * Python's json module writes NaN, Infinity and -Infinity unless told not to, and a metric of a
 * pack can be undefined (a Fréchet distance of too few samples). Those bare tokens, outside
 * strings, are read as null: the schema then says which field, if any, needed a number.
 */
export function replaceNonFiniteTokens(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    const token = /^(-?Infinity|NaN)/.exec(text.slice(i, i + 9))?.[1];
    if (token) {
      out += 'null';
      i += token.length - 1;
    } else out += ch;
  }
  return out;
}

/**
 * Where JSON.parse gave up, without its message's excerpt: V8 quotes the text it read, and a
 * pack.json linked to another file must not echo that file's contents into an error.
 */
function jsonErrorPlace(error: unknown): string {
  const place = /at position (\d+)(?: \(line (\d+) column (\d+)\))?/.exec((error as Error).message);
  if (place === null) return '';
  return place[2] === undefined ? ` (at character ${place[1]})` : ` (line ${place[2]}, column ${place[3]})`;
}

/** Parses pack.json text into a validated manifest; `file` is only used in error messages. */
export function parseManifest(text: string, file = MANIFEST_FILE): Pack {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    try {
      raw = JSON.parse(replaceNonFiniteTokens(text));
    } catch {
      throw new PackError(file, undefined, `not valid JSON${jsonErrorPlace(error)}`);
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new PackError(file, undefined, 'must hold a JSON object');
  }
  // 1. Refuse versions this engine does not know before anything else: their fields may mean
  //    something else, and "unknown schema version" is the message that tells the user what to do.
  const version = (raw as Record<string, unknown>)['schemaVersion'];
  if (version === undefined) throw new PackError(file, 'schemaVersion', 'missing');
  if (version !== PACK_SCHEMA_VERSION) {
    throw new PackError(
      file,
      'schemaVersion',
      `unknown schema version ${JSON.stringify(version)}; this Reseed reads version ${PACK_SCHEMA_VERSION}` +
        (typeof version === 'number' && version > PACK_SCHEMA_VERSION ? ' (update Reseed to use this pack)' : ''),
    );
  }
  // 2. The schema itself.
  const parsed = PackSchema.safeParse(raw);
  if (!parsed.success) {
    const { field, reason } = firstIssues(parsed.error);
    throw new PackError(file, field, reason);
  }
  // 3. Rules across fields.
  checkConsistency(parsed.data, file);
  return parsed.data;
}

function expectShape(file: string, field: string, spec: TensorSpec, expected: readonly (number | 'batch')[]): void {
  const same = spec.shape.length === expected.length && spec.shape.every((d, i) => d === expected[i]);
  if (!same) {
    throw new PackError(file, `${field}.shape`, `is [${spec.shape.join(', ')}], expected [${expected.join(', ')}] for this pack's image size`);
  }
}

function checkConsistency(pack: Pack, file: string): void {
  const { width, height, channels } = pack.image;
  const image = ['batch', channels, height, width] as const;
  for (const key of ['mean', 'std'] as const) {
    if (pack.normalization[key].length !== channels) {
      throw new PackError(file, `normalization.${key}`, `has ${pack.normalization[key].length} values, expected one per channel (${channels})`);
    }
  }
  if (pack.schedule.minSignalRate >= pack.schedule.maxSignalRate) {
    throw new PackError(file, 'schedule.minSignalRate', 'must be below maxSignalRate');
  }
  const { denoiser, embedder, refiner } = pack.networks;
  expectShape(file, 'networks.denoiser.inputs.noisy', denoiser.inputs.noisy, image);
  expectShape(file, 'networks.denoiser.inputs.noiseVariance', denoiser.inputs.noiseVariance, ['batch', 1, 1, 1]);
  expectShape(file, 'networks.denoiser.outputs.eps', denoiser.outputs.eps, image);
  expectShape(file, 'networks.embedder.inputs.image', embedder.inputs.image, image);
  expectShape(file, 'networks.embedder.outputs.seed', embedder.outputs.seed, image);
  if (refiner) {
    expectShape(file, 'networks.refiner.inputs.image', refiner.inputs.image, image);
    expectShape(file, 'networks.refiner.inputs.reconstruction', refiner.inputs.reconstruction, image);
    expectShape(file, 'networks.refiner.outputs.seedDelta', refiner.outputs.seedDelta, image);
  }
  const scorer = pack.networks.attributes;
  if (scorer) {
    expectShape(file, 'networks.attributes.inputs.image', scorer.inputs.image, image);
    for (const [key, out] of Object.entries(scorer.outputs)) {
      expectShape(file, `networks.attributes.outputs.${key}`, out, ['batch', out.classes.length]);
    }
  }
  const preview = pack.networks.preview;
  if (preview) {
    expectShape(file, 'networks.preview.inputs.seed', preview.inputs.seed, image);
    if (preview.inputs.firstStep) expectShape(file, 'networks.preview.inputs.firstStep', preview.inputs.firstStep, image);
    expectShape(file, 'networks.preview.outputs.image', preview.outputs.image, image);
  }
  const seen = new Map<string, number>();
  pack.directions.items.forEach((d, i) => {
    const field = `directions.items[${i}]`;
    if (seen.has(d.id)) throw new PackError(file, `${field}.id`, `"${d.id}" is used twice (also at directions.items[${seen.get(d.id)}])`);
    seen.set(d.id, i);
    if (!(d.min < d.max)) throw new PackError(file, `${field}.min`, `must be below max (${d.min} ≥ ${d.max})`);
    if (d.attribute?.kind === 'scorer') checkScorerAttribute(file, `${field}.attribute`, d.attribute, pack);
  });
}

/** A scorer attribute names an output the scorer has, classes it has, and what its score needs. */
function checkScorerAttribute(file: string, field: string, a: Extract<DirectionAttribute, { kind: 'scorer' }>, pack: Pack): void {
  const outputs = pack.networks.attributes?.outputs;
  if (!outputs) throw new PackError(file, field, 'is measured by the attribute scorer, but networks.attributes is missing');
  const out = outputs[a.output];
  if (!out) throw new PackError(file, `${field}.output`, `"${a.output}" is not an output of networks.attributes (it has: ${Object.keys(outputs).join(', ')})`);
  if (a.score !== 'expected' && !a.positive?.length) throw new PackError(file, `${field}.positive`, `a ${a.score} score needs the positive classes`);
  if (a.score === 'contrast' && !a.negative?.length) throw new PackError(file, `${field}.negative`, 'a contrast score needs the negative classes');
  for (const key of ['positive', 'negative', 'exclude'] as const) {
    const bad = (a[key] ?? []).find((c) => c >= out.classes.length);
    if (bad !== undefined) throw new PackError(file, `${field}.${key}`, `class ${bad} is not among the ${out.classes.length} classes of "${a.output}"`);
  }
}

/** Reads `<dir>/pack.json`; a missing or unreadable file is a PackError too. */
export function readManifest(dir: string): Pack {
  const path = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    if (!statSync(path).isFile()) throw new Error('not a regular file');
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PackError(path, undefined, code === 'ENOENT' ? 'missing: a pack folder needs a pack.json' : (error as Error).message);
  }
  return parseManifest(text, path);
}
