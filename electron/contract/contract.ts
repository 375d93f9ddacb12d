/**
 * The API contract between the renderer and whatever serves it: the preload bridge over IPC in the
 * desktop app, and the HTTP client for `reseed serve` (renderer/src/http-client.ts). Both
 * implement `ReseedApi`.
 *
 * This module runs in the renderer too, so it must never import electron or Node modules
 * (tsconfig.web.json, which has no Node types, enforces that).
 */
import { z } from 'zod';
import type { EventName, InvokeName } from './channels';
import {
  CancelledSchema,
  CancelRequestSchema,
  DecodedSchema,
  DecodeRequestSchema,
  EmbeddedSchema,
  EmbedRequestSchema,
  ExportedSchema,
  ExportRequestSchema,
  InterpolateRequestSchema,
  InterpolatedSchema,
  InterpolationFramesRequestSchema,
  InterpolationFramesSchema,
  GeneratedSchema,
  GenerateRequestSchema,
  ImageOpenedSchema,
  OpenImageRequestSchema,
  PackInfoSchema,
  PackListSchema,
  PhotoExportedSchema,
  PhotoExportRequestSchema,
  ProgressEventSchema,
  RecentImagesSchema,
} from './editor-schemas';
import {
  DirectionCreatedSchema,
  DirectionCreateRequestSchema,
  DirectionDeletedSchema,
  DirectionDeleteRequestSchema,
  FolderOpenedSchema,
  OpenFolderRequestSchema,
} from './direction-schemas';
import { FaceDetectedSchema, FaceDetectRequestSchema } from './face-schemas';
import {
  RecipeDeletedSchema,
  RecipeDeleteRequestSchema,
  RecipeExportedSchema,
  RecipeExportRequestSchema,
  RecipeImportRequestSchema,
  RecipeInfoSchema,
  RecipeListSchema,
  RecipeRenameRequestSchema,
  RecipeSaveRequestSchema,
} from './recipe-schemas';
import { FitObjectRequestSchema, ObjectFittedSchema } from './fit-object-schemas';
import type { Result } from './result';
import {
  BatchEventSchema,
  BatchResultsRequestSchema,
  BatchResultsSchema,
  BatchRunRequestSchema,
  BatchSummarySchema,
  FolderListingSchema,
  ListFolderRequestSchema,
  PackCatalogSchema,
  PackImportRequestSchema,
  PackUseRequestSchema,
  PackRemoveRequestSchema,
  SettingsPatchSchema,
  SettingsSchema,
} from './workflow-schemas';

export * from './direction-schemas';
export * from './editor-schemas';
export * from './face-schemas';
export * from './fit-object-schemas';
export * from './polarity-schema';
export * from './recipe-schemas';
export * from './workflow-schemas';

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string().describe('process.platform of the machine running the engine'),
  arch: z.string(),
  isPackaged: z.boolean(),
  versions: z.object({
    node: z.string(),
    // null where no Electron runs the engine (`reseed serve` on plain Node).
    electron: z.string().nullable(),
    chrome: z.string().nullable(),
    v8: z.string(),
  }),
  paths: z.object({
    userData: z.string(),
    models: z.string(),
  }),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

/** What one request/response operation accepts and returns. */
export interface InvokeSpec {
  request: z.ZodType;
  response: z.ZodType;
}

/** Request and response schemas per channel; the keys are exactly those of `invokeChannels`. */
export const invokeContract = {
  appInfo: {
    // Takes no argument; anything else sent is a malformed request and is refused.
    request: z.undefined(),
    response: AppInfoSchema,
  },
  /** The active pack (opened on first use) and the provider that really runs it. */
  packInfo: { request: z.undefined(), response: PackInfoSchema },
  packList: { request: z.undefined(), response: PackListSchema },
  /** null when the user closes the dialog; `unsupported` where there is no native dialog (browser). */
  chooseImage: { request: z.undefined(), response: ImageOpenedSchema.nullable() },
  openImage: { request: OpenImageRequestSchema, response: ImageOpenedSchema },
  recentImages: { request: z.undefined(), response: RecentImagesSchema },
  /** Latest-wins: a newer embed cancels one still running (code `cancelled`). */
  embed: { request: EmbedRequestSchema, response: EmbeddedSchema },
  generate: { request: GenerateRequestSchema, response: GeneratedSchema },
  /** Latest-wins with generate: a newer decode cancels the stale one (code `cancelled`). */
  decode: { request: DecodeRequestSchema, response: DecodedSchema },
  exportImage: { request: ExportRequestSchema, response: ExportedSchema },
  /** Latest-wins with decode and generate: a newer request cancels the stale one (code `cancelled`). */
  interpolate: { request: InterpolateRequestSchema, response: InterpolatedSchema },
  interpolationFrames: { request: InterpolationFramesRequestSchema, response: InterpolationFramesSchema },
  /** Only for embedded seeds (code `not-found` otherwise): they know their photo and crop box. */
  exportPhoto: { request: PhotoExportRequestSchema, response: PhotoExportedSchema },
  /** Finding no face is an answer (face null), not an error; `not-found` when the photo is no longer held. */
  detectFace: { request: FaceDetectRequestSchema, response: FaceDetectedSchema },
  /** The box around the object (pixels unlike the photo's border), or the default box when there is none; `not-found` when the photo is no longer held. */
  fitObject: { request: FitObjectRequestSchema, response: ObjectFittedSchema },
  /** Cancels an embed, decode or batch by its request id (a batch stops after the images in flight). */
  cancel: { request: CancelRequestSchema, response: CancelledSchema },
  /** No path: the allowed roots. A path outside them is refused (code `forbidden`). */
  listFolder: { request: ListFolderRequestSchema, response: FolderListingSchema },
  /** null when the dialog is closed; `unsupported` in the browser (use listFolder). */
  chooseFolder: { request: z.undefined(), response: z.object({ path: z.string() }).nullable() },
  /** Resolves when the batch ends; progress comes as `batch` events. Re-running resumes. */
  batchRun: { request: BatchRunRequestSchema, response: BatchSummarySchema },
  batchResults: { request: BatchResultsRequestSchema, response: BatchResultsSchema },
  packCatalog: { request: z.undefined(), response: PackCatalogSchema },
  /** Validates the folder as a pack (code `pack-error` with the reason), then installs it. */
  packImport: { request: PackImportRequestSchema, response: PackCatalogSchema },
  /** Makes an installed pack active; on failure the previous pack stays active. */
  packUse: { request: PackUseRequestSchema, response: PackInfoSchema },
  /** Deletes an imported pack's folder (`forbidden` for built-in, default or active packs). */
  packRemove: { request: PackRemoveRequestSchema, response: PackCatalogSchema },
  settingsGet: { request: z.undefined(), response: SettingsSchema },
  settingsSet: { request: SettingsPatchSchema, response: SettingsSchema },
  /**
   * Embeds both folders' pictures (progress: `progress` events, operation `direction`; cancel by
   * request id) and saves the direction for the active pack; packInfo lists it from then on.
   */
  directionCreate: { request: DirectionCreateRequestSchema, response: DirectionCreatedSchema },
  /** Custom directions only (`not-found` for a pack's own). */
  directionDelete: { request: DirectionDeleteRequestSchema, response: DirectionDeletedSchema },
  /** A folder inside the allowed roots; `open-failed` when the file manager cannot be started. */
  openFolder: { request: OpenFolderRequestSchema, response: FolderOpenedSchema },
  /** The active pack's saved recipes, each with its hash and, if it cannot run now, why. */
  recipeList: { request: z.undefined(), response: RecipeListSchema },
  /** Saves sliders, locks, keep details, steps and method under a name (`invalid-request` for a name in use unless `replace`, or an unknown direction). */
  recipeSave: { request: RecipeSaveRequestSchema, response: RecipeInfoSchema },
  recipeRename: { request: RecipeRenameRequestSchema, response: RecipeInfoSchema },
  recipeDelete: { request: RecipeDeleteRequestSchema, response: RecipeDeletedSchema },
  /** A recipe file's text: `pack-mismatch` for another pack's recipe, `invalid-request` naming a bad field or unknown direction. */
  recipeImport: { request: RecipeImportRequestSchema, response: RecipeInfoSchema },
  /** The file to save (name and JSON text); `not-found` for an unknown id. */
  recipeExport: { request: RecipeExportRequestSchema, response: RecipeExportedSchema },
} as const satisfies { [K in InvokeName]: InvokeSpec };

/** Payload schemas per pushed event; the keys are exactly those of `eventChannels`. */
export const eventContract = {
  progress: ProgressEventSchema,
  batch: BatchEventSchema,
} as const satisfies { [K in EventName]: z.ZodType };

export type InvokeContract = typeof invokeContract;
/** What a caller passes (schema input: defaults may be omitted). */
export type RequestOf<K extends InvokeName> = z.input<InvokeContract[K]['request']>;
/** What a handler receives after validation. */
export type ParsedRequestOf<K extends InvokeName> = z.output<InvokeContract[K]['request']>;
/** What a caller gets back inside the envelope. */
export type ResponseOf<K extends InvokeName> = z.output<InvokeContract[K]['response']>;
export type EventPayloadOf<E extends EventName> = z.output<(typeof eventContract)[E]>;

/** Operations without a request body are called without an argument. */
type InvokeMethod<Req, Res> = [Req] extends [undefined]
  ? () => Promise<Result<Res>>
  : (request: Req) => Promise<Result<Res>>;

export type ReseedApi = {
  readonly [K in InvokeName]: InvokeMethod<RequestOf<K>, ResponseOf<K>>;
} & {
  /** Subscribes to a pushed event; returns the function that unsubscribes. */
  readonly on: <E extends EventName>(event: E, listener: (payload: EventPayloadOf<E>) => void) => () => void;
};
