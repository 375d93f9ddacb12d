/**
 * Custom directions in the user data folder: `directions/<pack-id>/<direction-id>.json`, one file
 * each, holding the label, where the examples came from, sigma and the unit vector (float32
 * little-endian, base64). Written atomically (temp file + rename). Every file is validated on load
 * (zod, then the vector's length, values and norm); a broken one is skipped with a warning, so a
 * hand-edited or half-synced folder never keeps the editor from starting.
 */
import { Buffer } from 'node:buffer';
import { z } from 'zod';
import { PackJsonFolder } from './pack-json-folder';
import type { ExtraDirection } from '../engine/open-pack';
import { DirectionIdSchema, ExampleGroupSchema } from '../contract/direction-schemas';
import { ErrorCode, ReseedError } from '../contract/result';

export const DIRECTION_FILE_FORMAT = 'reseed-direction';

export const StoredDirectionSchema = z.object({
  format: z.literal(DIRECTION_FILE_FORMAT),
  version: z.literal(1),
  id: DirectionIdSchema,
  label: z.string().min(1).max(200),
  created: z.iso.datetime(),
  pack: z.object({ id: z.string(), version: z.string() }),
  method: z.literal('examples'),
  /** C, H, W of the seeds it was made from. */
  shape: z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]),
  min: z.number().finite(),
  max: z.number().finite(),
  sigma: z.number().finite().positive(),
  examples: z.object({ with: ExampleGroupSchema, without: ExampleGroupSchema }),
  vector: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64'),
});
export type StoredDirection = z.infer<typeof StoredDirectionSchema>;

/** A loaded custom direction: the file's fields with the vector decoded (an ExtraDirection for edits). */
export type CustomDirection = Omit<StoredDirection, 'vector' | 'format' | 'version'> & ExtraDirection;

/** Direction ids: lowercase ASCII letters, digits and single dashes, at most this long. */
const ID_LENGTH = 48;

/** An id for a label ("Big smile!" → "big-smile"); accents are dropped, "slider" when nothing is left. */
export function slugify(label: string): string {
  const slug = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, ID_LENGTH)
    .replace(/-+$/, '');
  return slug === '' ? 'slider' : slug;
}

/** `base`, or `base-2`, `base-3`… whichever is not taken. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const id = `${base}-${n}`;
    if (!taken.has(id)) return id;
  }
}

export function encodeVector(vector: Float32Array): string {
  const bytes = Buffer.alloc(vector.length * 4);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i]!, i * 4);
  return bytes.toString('base64');
}

/** Decodes and checks a stored vector; the reason as a string when it is unusable. */
export function decodeVector(base64: string, size: number): Float32Array | string {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length !== size * 4) return `the vector has ${bytes.length / 4} values, the seeds ${size}`;
  const vector = new Float32Array(size);
  let squared = 0;
  for (let i = 0; i < size; i++) {
    vector[i] = bytes.readFloatLE(i * 4);
    squared += vector[i]! * vector[i]!;
  }
  const norm = Math.sqrt(squared);
  if (!Number.isFinite(norm) || Math.abs(norm - 1) > 1e-3) return `the vector has norm ${norm.toFixed(4)}, expected a unit vector`;
  return vector;
}

export class DirectionStore {
  /** Loaded directions per pack id; dropped on every change. */
  private readonly cache = new Map<string, Promise<CustomDirection[]>>();
  private readonly folder: PackJsonFolder;
  /** Where "skipped a broken file" warnings go: console.warn unless given (the CLI's stderr). */
  private readonly warn: (message: string) => void;

  /**
   * root: `<user data>/directions`; without one (tests, a service without user data), in memory.
   * Needs nothing but the folder: the CLI uses the store on its own, without the editor service,
   * with `warn` writing to its stderr.
   */
  constructor(root?: string, options: { warn?: (message: string) => void } = {}) {
    this.warn = options.warn ?? ((message) => console.warn(message));
    this.folder = new PackJsonFolder(root, this.warn, 'custom direction');
  }

  /**
   * The custom directions of a pack whose seeds have `size` values, sorted by creation. `fresh`
   * re-reads the folder (another process may have added some); otherwise the last read is reused.
   */
  list(packId: string, size: number, options: { fresh?: boolean } = {}): Promise<CustomDirection[]> {
    const key = `${packId}\n${size}`;
    let loaded = options.fresh ? undefined : this.cache.get(key);
    if (loaded === undefined) {
      loaded = this.load(packId, size);
      this.cache.set(key, loaded);
      loaded.catch(() => this.cache.delete(key));
    }
    return loaded;
  }

  async save(packId: string, direction: CustomDirection): Promise<void> {
    const stored: StoredDirection = StoredDirectionSchema.parse({
      ...direction,
      format: DIRECTION_FILE_FORMAT,
      version: 1,
      vector: encodeVector(direction.vector),
    });
    await this.folder.write(packId, direction.id, JSON.stringify(stored, null, 2) + '\n');
    this.forget(packId);
  }

  async remove(packId: string, id: string): Promise<void> {
    const parsed = DirectionIdSchema.safeParse(id);
    if (!parsed.success) throw new ReseedError(ErrorCode.invalidRequest, `"${id}" is not a direction id`);
    if (!(await this.folder.remove(packId, parsed.data))) {
      throw new ReseedError(ErrorCode.notFound, `"${id}" is not a custom slider of this pack`);
    }
    this.forget(packId);
  }

  private forget(packId: string): void {
    for (const key of [...this.cache.keys()]) if (key.startsWith(`${packId}\n`)) this.cache.delete(key);
  }

  private async load(packId: string, size: number): Promise<CustomDirection[]> {
    const loaded: CustomDirection[] = [];
    for (const { label: file, text } of await this.folder.files(packId)) {
      const skip = (why: string) => this.warn(`reseed: skipped the custom direction ${file}: ${why}`);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        skip('not valid JSON');
        continue;
      }
      const parsed = StoredDirectionSchema.safeParse(json);
      if (!parsed.success) {
        skip(z.prettifyError(parsed.error).replace(/\s*\n\s*/g, '; '));
        continue;
      }
      const vector = decodeVector(parsed.data.vector, size);
      if (typeof vector === 'string') {
        skip(vector);
        continue;
      }
      if (loaded.some((d) => d.id === parsed.data.id)) {
        skip(`a second direction with the id "${parsed.data.id}"`);
        continue;
      }
      const { format: _format, version: _version, vector: _encoded, ...fields } = parsed.data;
      loaded.push({ ...fields, vector });
    }
    return loaded.sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : 0));
  }
}
