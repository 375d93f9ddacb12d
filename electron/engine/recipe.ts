/**
 * Recipes (contract/recipe-schemas.ts) made concrete for an opened pack: the file parsed and
 * validated with the one schema, its pack and every direction it names checked (an unknown one is
 * an error naming it and the ones there are), the pack's default steps filled in, and a hash of what
 * the edit does, which batch index lines carry so a re-run knows which pictures this recipe already
 * edited (resume) and which another one did.
 *
 * The hash covers the edit only: the pack, the non-zero sliders, the locks, keep details and the
 * steps. Not the name (renaming changes nothing on a picture) nor the embedding method (it decides
 * how a picture is embedded, not what the recipe does to the seed).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { RECIPE_FORMAT, RecipeFileSchema, type RecipeEdit, type RecipeFile } from '../contract/recipe-schemas';
import type { EmbedMethod } from './embedding';
import type { KeepDetails } from './faithful/keep-details';
import type { ExtraDirection, OpenPack } from './open-pack';

/** A recipe that cannot be used here: `kind` says whether it is for another pack. */
export class RecipeError extends Error {
  override name = 'RecipeError';
  constructor(
    readonly kind: 'file' | 'pack' | 'direction',
    message: string,
  ) {
    super(message);
  }
}

/** A recipe checked against an opened pack, ready for a batch. */
export interface ResolvedRecipe {
  /** null: sliders from the command line (`reseed batch --set`), no recipe file. */
  readonly name: string | null;
  readonly sliders: Readonly<Record<string, number>>;
  readonly locks: readonly string[];
  /** undefined: keep details off. */
  readonly keepDetails: KeepDetails | undefined;
  /** Resolved: the recipe's, else the pack's default. */
  readonly steps: number;
  readonly method: EmbedMethod;
  /** The custom directions it uses (the pack's own need nothing extra). */
  readonly extra: readonly ExtraDirection[];
  readonly hash: string;
}

/** The first problem of a failed parse as "field: reason". */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.length > 0 ? issue.path.join('.') : 'recipe';
  return `${path}: ${issue.message}`;
}

/** Parses a recipe file's text; a RecipeError names the file (`label`) and the field. */
export function parseRecipeFile(text: string, label: string): RecipeFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RecipeError('file', `${label}: not valid JSON`);
  }
  if (typeof json === 'object' && json !== null && (json as { format?: unknown }).format !== RECIPE_FORMAT) {
    throw new RecipeError('file', `${label}: format: expected "${RECIPE_FORMAT}" (not a Reseed recipe file)`);
  }
  const parsed = RecipeFileSchema.safeParse(json);
  if (!parsed.success) throw new RecipeError('file', `${label}: ${firstIssue(parsed.error)}`);
  return parsed.data;
}

/** The canonical form hashed: sorted, zero sliders dropped (they change nothing), steps resolved. */
export function recipeHash(packId: string, edit: Pick<RecipeEdit, 'sliders' | 'locks' | 'keepDetails'>, steps: number): string {
  const sliders = Object.entries(edit.sliders)
    .filter(([, v]) => v !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonical = {
    pack: packId,
    sliders,
    locks: [...new Set(edit.locks)].sort(),
    keepDetails: edit.keepDetails.on ? edit.keepDetails.strength : null,
    steps,
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 12);
}

/**
 * Checks a recipe against the opened pack: `pack` (a file's pack id) must be this pack's, and every
 * slider and lock must be one of its directions or one of `custom` (the user's, for this pack;
 * the pack's own id wins). Throws a RecipeError naming what does not fit.
 */
export function resolveRecipe(
  open: OpenPack,
  edit: RecipeEdit,
  options: { readonly name: string | null; readonly pack?: string; readonly custom?: readonly ExtraDirection[]; readonly label?: string },
): ResolvedRecipe {
  const manifest = open.pack.manifest;
  const label = options.label ?? (options.name === null ? 'the edit' : `recipe "${options.name}"`);
  if (options.pack !== undefined && options.pack !== manifest.id) {
    throw new RecipeError('pack', `${label} is for the pack "${options.pack}", not "${manifest.id}" (use --pack ${options.pack}, or save the recipe again with this pack)`);
  }
  const custom = options.custom ?? [];
  const extra: ExtraDirection[] = [];
  const known = () => [...open.pack.directions.map((d) => d.id), ...custom.map((d) => `${d.id} (custom)`)].join(', ') || 'none';
  for (const [what, ids] of [['direction', Object.keys(edit.sliders)], ['lock', edit.locks]] as const) {
    for (const id of ids) {
      if (open.pack.directions.some((d) => d.id === id)) continue;
      const mine = custom.find((d) => d.id === id);
      if (!mine) throw new RecipeError('direction', `${label}: unknown ${what} "${id}" (this pack has: ${known()})`);
      if (!extra.includes(mine)) extra.push(mine);
    }
  }
  const steps = edit.steps ?? manifest.sampler.defaultSteps;
  return {
    name: options.name,
    sliders: { ...edit.sliders },
    locks: [...new Set(edit.locks)],
    keepDetails: edit.keepDetails.on ? { strength: edit.keepDetails.strength } : undefined,
    steps,
    method: edit.method,
    extra,
    hash: recipeHash(manifest.id, edit, steps),
  };
}

/** Whether the recipe moves nothing (every slider 0): the edited picture is the unedited one. */
export function movesNothing(recipe: Pick<ResolvedRecipe, 'sliders'>): boolean {
  return Object.values(recipe.sliders).every((v) => v === 0);
}
