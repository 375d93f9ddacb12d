/**
 * The engine's public surface for the desktop app (electron/desktop/main), `reseed serve` and the CLI.
 * Pure Node: importing this never loads electron.
 */
export { ReseedEngine, timeDecode, type EngineConfig } from './engine';
export { OpenPack } from './open-pack';
export { runBatch, prepareOutputFolder, type BatchOptions, type BatchSummary, type EditSummary } from './batch/batch-job';
export { runFromSeeds, type FromSeedsOptions } from './batch/from-seeds';
export { parseRecipeFile, recipeHash, resolveRecipe, RecipeError, type ResolvedRecipe } from './recipe';
export type { BatchProgress } from './batch/progress';
export type { IndexRecord } from './batch/index-file';
export { ShardSchema, type Shard } from './batch/shard';
export { EMBED_METHODS, type EmbedMethod, type EmbedOptions, type EmbedResult } from './embedding';
export { applySliders, slerp, type SliderTerm } from './edits';
export { encodePng, toPixels } from './image/encode';
export { preprocessBytes, preprocessFile, CropBoxSchema, MAX_INPUT_PIXELS, type CropBox, type Preprocessed } from './image/preprocess';
export { decodeNpy, encodeNpy } from './npy';
export { seededNormal } from './rng';
export { psnr, msePerItem, maxAbsDiff } from './metrics';
export { PackError, InputError, OutputError, ProviderError, isAbortError, errorMessage } from './errors';
export type { LoadedPack, LoadedDirection } from './packs/pack-loader';
export type { PackEntry, PackRoot } from './packs/pack-discovery';
export { PROVIDER_NAMES, PROVIDER_LABELS, ProviderRequestSchema, type ProviderName, type ProviderRequest, type ProviderCandidate } from './runtime/providers';
export type { ProviderSelection, ProviderAttempt } from './runtime/provider-select';
export type { Tensor4, Shape4 } from './tensor';
