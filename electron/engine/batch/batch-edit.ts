/**
 * A recipe applied to one network batch of seeds (`reseed batch --recipe`, `--from-seeds`): the
 * same faithful edit as `reseed edit` and the editor (docs/design.md, Faithful edits and Locks),
 * a batch's decodes batched. Writes, beside the seed:
 *
 *   OUT/a/x.jpg.edited.png        the edited picture at the model's size, in the picture's colours
 *   OUT/a/x.jpg.edited.jpg        (--photo) the whole photo with the edit pasted back: JPEG for a
 *   OUT/a/x.png.edited.full.png   JPEG input, else PNG (lossless); no metadata either way
 *
 * Decoding: D(z') of every seed, and D(z) where the caller has no reconstruction at the recipe's
 * steps, go through the sampler a batch at a time (the embedding's reconstruction is the base
 * when its steps are the recipe's: one extra decode per picture in all). All-zero sliders decode
 * nothing more: D(z') is D(z) itself, and keep details gives the picture back. Locks need a closed
 * loop per picture (faithful/lock-loop.ts), so with locks each seed is edited on its own. Without
 * keep details, locks or all-zero sliders the edit never looks at D(z): it is decoded only for a
 * caller that keeps it (a new seed's reconstruction), so a re-edit at other steps than its seeds'
 * decodes once per picture, not twice.
 */
import { readFile } from 'node:fs/promises';
import { errorMessage, InputError, OutputError } from '../errors';
import { editAndDecode, faithfulOutput, type LockStatus, type PhotoSource } from '../faithful/faithful-edit';
import { encodePng } from '../image/encode';
import { pasteBack, type PasteChange, type PhotoFormat } from '../image/paste-back';
import { toPhotoColours } from '../image/photo-colours';
import type { OpenPack } from '../open-pack';
import { movesNothing, type ResolvedRecipe } from '../recipe';
import { item, stack, type Tensor4 } from '../tensor';
import { withSuffix, writeFileAtomic } from './atomic-write';

/** The model-size edited picture beside an input's seed. */
export const EDITED_SUFFIX = '.edited.png';

/** The pasted-back photo's suffix and format: "the same format as the input" (JPEG or lossless PNG). */
export function photoOutput(rel: string): { suffix: string; format: PhotoFormat } {
  return /\.jpe?g$/i.test(rel) ? { suffix: '.edited.jpg', format: 'jpeg' } : { suffix: '.edited.full.png', format: 'png' };
}

export interface EditSeed {
  /** z, a batch of one. */
  readonly seed: Tensor4;
  /** D(z) at the recipe's steps when the caller has it (the embedding's reconstruction). */
  readonly base?: Tensor4;
  /** The caller needs D(z) itself (a reconstruction to write): decoded even when the edit does not use it. */
  readonly keepBase?: boolean;
}

export interface DecodedEdit {
  /**
   * D(z) at the recipe's steps and D(z'), model colours, batches of one. `base` is absent only
   * when neither the edit (editUsesBase) nor the caller (keepBase) needed it.
   */
  readonly base?: Tensor4;
  readonly edited: Tensor4;
  readonly locks: readonly LockStatus[];
}

/** Whether the edit itself reads D(z): keep details (the change added to the picture), locks (their reference), or sliders at zero (D(z') is D(z)). */
export function editUsesBase(recipe: Pick<ResolvedRecipe, 'keepDetails' | 'locks' | 'sliders'>): boolean {
  return recipe.keepDetails !== undefined || recipe.locks.length > 0 || movesNothing(recipe);
}

/** D(z) (where missing and needed) and D(z') for a batch of seeds; nothing is aborted mid-way (a stop waits for the batch). */
export async function decodeEdits(open: OpenPack, recipe: ResolvedRecipe, seeds: readonly EditSeed[]): Promise<DecodedEdit[]> {
  if (seeds.length === 0) return [];
  const still = movesNothing(recipe);
  const locked = recipe.locks.length > 0;
  const uses = editUsesBase(recipe);
  // 1. The missing bases as one sampler batch, then every z' as another (no locks, something
  //    moved): batches of the batch's own size, which the CPU runs fastest per picture.
  const missing = seeds.map((s, i) => (s.base || !(uses || s.keepBase) ? -1 : i)).filter((i) => i >= 0);
  const decodedBases = missing.length > 0 ? await open.decode(stack(missing.map((i) => seeds[i]!.seed)), { steps: recipe.steps }) : undefined;
  const bases = seeds.map((s, i) => s.base ?? (missing.includes(i) ? item(decodedBases!, missing.indexOf(i)) : undefined));
  const moved = !still && !locked ? await open.decode(open.edit(stack(seeds.map((s) => s.seed)), recipe.sliders, recipe.extra), { steps: recipe.steps }) : undefined;
  // 2. Each seed's edit: decoded above, the base itself, or (locks) its own closed loop.
  const out: DecodedEdit[] = [];
  for (let i = 0; i < seeds.length; i++) {
    const base = bases[i];
    if (moved) out.push({ ...(base ? { base } : {}), edited: item(moved, i), locks: [] });
    else if (!base) throw new Error('decodeEdits: D(z) missing for an edit that reads it');
    else if (!locked) out.push({ base, edited: base, locks: [] });
    else {
      const request = { sliders: recipe.sliders, locks: recipe.locks, extra: recipe.extra, steps: recipe.steps };
      const edit = await editAndDecode(open, seeds[i]!.seed, request, async () => base);
      out.push({ base, edited: edit.image, locks: edit.locks });
    }
  }
  return out;
}

export interface EditTarget {
  /** The input's path relative to its folder (messages, the photo's format). */
  readonly rel: string;
  /** OUT/<rel> as a file-system path (bytes for a name that is not UTF-8): outputs add their suffix. */
  readonly target: string | Buffer;
  /** The picture as the model saw it (keep details, the photo's colours); none: seeds alone. */
  readonly source?: PhotoSource;
  /** Whether the model input was the picture negated (the colours to write in without a source). */
  readonly negated: boolean;
  /** The original picture, for --photo. */
  readonly picture?: string | Buffer;
}

export interface EditOutcome {
  readonly status: 'ok' | 'error';
  readonly error: string | null;
  /** What each lock did (its index line says whether it held). */
  readonly locks: readonly LockStatus[];
}

async function write(path: string | Buffer, bytes: Uint8Array, label: string): Promise<void> {
  try {
    await writeFileAtomic(path, bytes, { fixedTemp: true });
  } catch (error) {
    // An output that cannot be written stops the batch, as for the seeds themselves.
    throw new OutputError(label, `cannot write the edited picture (${errorMessage(error)})`);
  }
}

/** The model-size picture written; `change` is what --photo pastes into the photo, when it is to be written. */
export interface EditWritten extends EditOutcome {
  readonly change?: PasteChange;
}

/**
 * Writes one input's model-size edited picture (keep details on the crop when the recipe asks for
 * it). A problem with this picture is its outcome (the batch goes on); an output that cannot be
 * written is thrown. Cheap and small: a batch writes all of its pictures at once.
 */
export async function writeEdited(open: OpenPack, recipe: ResolvedRecipe, target: EditTarget, decoded: DecodedEdit, photo: boolean): Promise<EditWritten> {
  const fail = (reason: string): EditOutcome => ({ status: 'error', error: reason, locks: decoded.locks });
  if (recipe.keepDetails && !target.source) return fail('keep details needs the picture the seed was made from, and it was not found');
  if (photo && !(target.source && target.picture)) return fail('--photo needs the picture the seed was made from, and it was not found');
  let output;
  try {
    // editUsesBase: with keep details decodeEdits always made D(z).
    const base = async () => {
      if (!decoded.base) throw new Error('D(z) was not decoded for this edit');
      return decoded.base;
    };
    output = await faithfulOutput(open, decoded.edited, base, target.source, { keepDetails: recipe.keepDetails });
  } catch (error) {
    return fail(errorMessage(error));
  }
  // Without the picture the seed alone gives D(z'), turned into the picture's colours all the same.
  const image = output.colours === 'photo' ? output.image : toPhotoColours(output.image, target.negated);
  await write(withSuffix(target.target, EDITED_SUFFIX), await encodePng(image, 0), target.rel);
  return { status: 'ok', error: null, locks: decoded.locks, ...(photo ? { change: output.change } : {}) };
}

/**
 * --photo: the whole photo with the edit pasted back, in the input's format. One at a time: a
 * photo may be 100 megapixels, and paste back holds its pasted area (paste-back.ts).
 */
export async function writePhoto(open: OpenPack, target: EditTarget, written: EditWritten): Promise<EditOutcome> {
  if (written.status !== 'ok' || !written.change || !target.source || !target.picture) return written;
  const { suffix, format } = photoOutput(target.rel);
  let bytes: Buffer;
  try {
    const original = await readFile(target.picture);
    const pasted = await pasteBack(original, open.pack.manifest, written.change, { crop: target.source.crop, transform: target.source.transform, format, label: target.rel });
    bytes = pasted.bytes;
  } catch (error) {
    return { status: 'error', error: error instanceof InputError ? error.reason : errorMessage(error), locks: written.locks };
  }
  await write(withSuffix(target.target, suffix), bytes, target.rel);
  return { status: 'ok', error: null, locks: written.locks };
}

/**
 * Writes a batch's edited outputs: every model-size picture at once (small files: their encoding
 * and writing overlap), then each photo in turn. Outcomes in the order of `targets`.
 */
export async function writeEdits(open: OpenPack, recipe: ResolvedRecipe, targets: readonly EditTarget[], decoded: readonly DecodedEdit[], photo: boolean): Promise<EditOutcome[]> {
  const written = await Promise.all(targets.map((t, i) => writeEdited(open, recipe, t, decoded[i]!, photo)));
  const out: EditOutcome[] = [];
  for (const [i, w] of written.entries()) out.push(photo ? await writePhoto(open, targets[i]!, w) : w);
  return out;
}
