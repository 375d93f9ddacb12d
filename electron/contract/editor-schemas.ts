/**
 * Request and response schemas of the editor's operations (open, embed, decode, export…), used by
 * contract.ts. Runs in the renderer too: zod only, no Node or electron imports.
 *
 * Images travel as PNG/JPEG data URLs (the CSP allows `img-src data:`) and file bytes as base64,
 * so one JSON-safe shape serves IPC and HTTP alike.
 */
import { z } from 'zod';
import { FaithfulRequestFields, FaithfulResultFields } from './faithful-schemas';
import { PolarityAppliedSchema, PolaritySchema } from './polarity-schema';
import { PreviewRequestFields, PreviewResultFields } from './preview-schemas';
import { SketchSchema } from './sketch-schema';

export * from './faithful-schemas';
export * from './sketch-schema';
export * from './preview-schemas';

/** Largest picture file the editor accepts, in bytes (the engine's pixel limit applies on top). */
export const MAX_IMAGE_FILE_BYTES = 40 * 1024 * 1024;
/** The same in base64 characters (4 per 3 bytes, padded). */
export const MAX_IMAGE_BASE64_CHARS = Math.ceil(MAX_IMAGE_FILE_BYTES / 3) * 4;

/** Ids handed out by the engine side (images, seeds, recent entries) and request ids from the renderer. */
export const IdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected an id of 1–64 letters, digits, _ or -');
export const RequestIdSchema = IdSchema.describe('chosen by the caller; names the request for cancel and progress');

export const DataUrlSchema = z
  .string()
  .refine((s) => /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]*={0,2}$/.test(s), 'expected a PNG or JPEG data URL');

export const Base64Schema = z
  .string()
  .max(MAX_IMAGE_BASE64_CHARS, `the file is larger than ${MAX_IMAGE_FILE_BYTES / 1024 / 1024} MB`)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64 data');

export const EmbedMethodSchema = z.enum(['network', 'refine', 'inversion']);
export type EmbedMethodName = z.infer<typeof EmbedMethodSchema>;

export const StepsSchema = z.number().int().min(1).max(1000);

/**
 * A region of the photo in its own (EXIF-rotated) pixels. It may reach past the photo's edges
 * (left or top negative, or beyond the far edge: "fit whole object"); the engine pads that part
 * with the pack's background and refuses a box that shows none of the photo (crop-geometry.ts).
 */
export const CropBoxSchema = z.object({
  left: z.number().int(),
  top: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
export type CropBox = z.infer<typeof CropBoxSchema>;

/** Slider values by direction id, in units of σ (docs/design.md, Edits). */
export const SliderValuesSchema = z
  .record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/i, 'expected a direction id'), z.number().finite().min(-100).max(100))
  .refine((r) => Object.keys(r).length <= 256, 'at most 256 sliders');
export type SliderValues = z.infer<typeof SliderValuesSchema>;

export const DirectionInfoSchema = z.object({
  id: z.string(),
  label: z.string(),
  description: z.string(),
  min: z.number(),
  max: z.number(),
  /** Made by the user from example folders (user data), not shipped in the pack; can be deleted. */
  custom: z.boolean().default(false),
  /**
   * What a lock on it does (faithful-schemas.ts): measured and held on the picture, or the
   * projection only (nothing to measure). Absent from older engines.
   */
  lock: z.enum(['closed-loop', 'projection-only']).optional(),
});
export type DirectionInfo = z.infer<typeof DirectionInfoSchema>;

export const ProviderInfoSchema = z.object({
  requested: z.string(),
  /** The provider whose sessions actually run. */
  provider: z.string(),
  label: z.string(),
  /** Why this one, e.g. "fallback: webgpu could not run". */
  reason: z.string(),
  dropped: z.array(z.object({ provider: z.string(), reason: z.string() })),
});
export type ProviderInfo = z.infer<typeof ProviderInfoSchema>;

export const PackInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  description: z.string(),
  license: z.string(),
  dir: z.string(),
  image: z.object({ width: z.number().int(), height: z.number().int(), channels: z.number().int() }),
  defaultSteps: z.number().int(),
  /** The sampler steps the embedder was trained for (what Embed uses). */
  embedSteps: z.number().int(),
  hasRefiner: z.boolean(),
  /** Where pictures are cropped when no box is given (pack.json preprocess.crop): face packs propose a box around a face. */
  crop: z.enum(['centre', 'face']),
  directions: z.array(DirectionInfoSchema),
  provider: ProviderInfoSchema,
});
export type PackInfo = z.infer<typeof PackInfoSchema>;

export const PackListSchema = z.object({
  packs: z.array(
    z.object({
      dir: z.string(),
      source: z.string(),
      id: z.string().nullable(),
      name: z.string().nullable(),
      version: z.string().nullable(),
      error: z.string().nullable(),
      active: z.boolean(),
    }),
  ),
});

export const OpenImageRequestSchema = z.discriminatedUnion('source', [
  // A file the renderer read itself (file input, drop, paste): the browser cannot name paths.
  z.object({ source: z.literal('upload'), name: z.string().min(1).max(255), data: Base64Schema }),
  // An entry of recentImages; the engine side resolves the key, the renderer never sends a path.
  z.object({ source: z.literal('recent'), key: IdSchema }),
]);
export type OpenImageRequest = z.infer<typeof OpenImageRequestSchema>;

export const ImageOpenedSchema = z.object({
  imageId: IdSchema,
  name: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** The photo scaled to fit 1024 px, for display; crop boxes are in full-size pixels. */
  preview: DataUrlSchema,
  /** Width ÷ height of the pack's images: crop boxes keep it. */
  aspect: z.number().positive(),
  /** Centred, the largest box of that aspect inside the photo. */
  defaultCrop: CropBoxSchema,
});
export type ImageOpened = z.infer<typeof ImageOpenedSchema>;

export const RecentImagesSchema = z.object({
  items: z.array(z.object({ key: IdSchema, name: z.string(), kind: z.enum(['file', 'upload']), openedAt: z.string() })),
});
export type RecentImages = z.infer<typeof RecentImagesSchema>;

export const EmbedRequestSchema = z.object({
  requestId: RequestIdSchema,
  imageId: IdSchema,
  crop: CropBoxSchema,
  method: EmbedMethodSchema.default('network'),
  steps: StepsSchema.optional(),
  /** Strokes drawn over the photo before embedding (sketch and re-embed). */
  sketch: SketchSchema.optional(),
  /** Negate or not (polarity-schema.ts); absent: `auto`, decided from the photo's border. */
  polarity: PolaritySchema.optional(),
});

export const EmbeddedSchema = z.object({
  seedId: IdSchema,
  method: EmbedMethodSchema,
  steps: z.number().int(),
  mse: z.number(),
  psnr: z.number(),
  /** Refinement steps kept (refine only). */
  accepted: z.number().int().nullable(),
  /** The crop as the model sees it (after the pack's preprocessing). */
  input: DataUrlSchema,
  /** The seed z drawn as an image (0.5 + z/6, clipped). */
  seedImage: DataUrlSchema,
  reconstruction: DataUrlSchema,
  timings: z.object({ preprocessMs: z.number(), embedMs: z.number(), totalMs: z.number() }),
  provider: z.string(),
  /** Whether the photo was negated and why, to show: "dark background: kept as is". */
  polarity: PolarityAppliedSchema,
});
export type Embedded = z.infer<typeof EmbeddedSchema>;

export const GenerateRequestSchema = z.object({
  requestId: RequestIdSchema,
  /** The integer the seed tensor is drawn from (mulberry32 + Box–Muller, as in the CLI). */
  seed: z.number().int().min(0).max(0xffffffff),
  steps: StepsSchema.optional(),
});

export const GeneratedSchema = z.object({
  seedId: IdSchema,
  seedNumber: z.number().int(),
  steps: z.number().int(),
  seedImage: DataUrlSchema,
  image: DataUrlSchema,
  decodeMs: z.number(),
  provider: z.string(),
});
export type Generated = z.infer<typeof GeneratedSchema>;

export const DecodeRequestSchema = z.object({
  requestId: RequestIdSchema,
  seedId: IdSchema,
  sliders: SliderValuesSchema,
  /** Default: the steps the seed was made with, so all-zero sliders give its image exactly. */
  steps: StepsSchema.optional(),
  ...FaithfulRequestFields,
  ...PreviewRequestFields,
});

export const DecodedSchema = z.object({
  seedId: IdSchema,
  image: DataUrlSchema,
  decodeMs: z.number(),
  provider: z.string(),
  ...FaithfulResultFields,
  ...PreviewResultFields,
});
export type Decoded = z.infer<typeof DecodedSchema>;

/**
 * One end of an interpolation: a seed the engine holds (embedded or generated) or the integer a
 * seed is drawn from (as `generate`).
 */
export const SeedRefSchema = z.union([
  z.object({ seedId: IdSchema }).strict(),
  z.object({ seedNumber: z.number().int().min(0).max(0xffffffff) }).strict(),
]);
export type SeedRef = z.infer<typeof SeedRefSchema>;

/** Spherical interpolation between two seeds: slerp(a, b; t), decoded. Latest-wins with decode. */
export const InterpolateRequestSchema = z.object({
  requestId: RequestIdSchema,
  a: SeedRefSchema,
  b: SeedRefSchema,
  t: z.number().min(0).max(1),
  /** Default: the steps of a held seed (A first), else the pack's default, so t=0 and t=1 give the endpoints' images. */
  steps: StepsSchema.optional(),
});

export const InterpolatedSchema = z.object({
  t: z.number(),
  image: DataUrlSchema,
  decodeMs: z.number(),
  provider: z.string(),
});
export type Interpolated = z.infer<typeof InterpolatedSchema>;

export const MAX_INTERPOLATION_FRAMES = 64;

/** Frames at t = 0, 1/(n−1), …, 1 as one horizontal strip PNG at the model's resolution. */
export const InterpolationFramesRequestSchema = z.object({
  /** For cancel and progress; a newer frames request cancels the one still running either way. */
  requestId: RequestIdSchema.optional(),
  a: SeedRefSchema,
  b: SeedRefSchema,
  frames: z.number().int().min(2).max(MAX_INTERPOLATION_FRAMES).default(8),
  steps: StepsSchema.optional(),
});

export const InterpolationFramesSchema = z.object({
  fileName: z.string(),
  frames: z.number().int(),
  /** One frame's size; the strip is frames × width wide. */
  frameWidth: z.number().int(),
  frameHeight: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  /** The strip PNG, base64. */
  png: z.string(),
});
export type InterpolationFrames = z.infer<typeof InterpolationFramesSchema>;

export const ExportRequestSchema = z.object({
  /** For cancel; without one the export is still stopped when its HTTP client goes away. */
  requestId: RequestIdSchema.optional(),
  seedId: IdSchema,
  sliders: SliderValuesSchema,
  steps: StepsSchema.optional(),
  /** Nearest-neighbour enlargement; 1 = the model's resolution. */
  scale: z.number().int().min(1).max(64).default(1),
  ...FaithfulRequestFields,
});

export const ExportedSchema = z.object({
  fileName: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  /** The PNG file, base64. */
  png: z.string(),
  ...FaithfulResultFields,
});
export type Exported = z.infer<typeof ExportedSchema>;

export const CancelRequestSchema = z.object({ requestId: RequestIdSchema });
export const CancelledSchema = z.object({ cancelled: z.boolean() });

export const ProgressEventSchema = z.object({
  requestId: RequestIdSchema,
  /** `direction`: example pictures embedded for a custom slider (done/total in pictures). */
  operation: z.enum(['embed', 'generate', 'decode', 'export', 'direction']),
  done: z.number().int().nonnegative(),
  total: z.number().int().positive(),
});
export type ProgressEvent = z.infer<typeof ProgressEventSchema>;

/** Paste back: the edited crop placed into the full photo the seed was embedded from. */
export const PhotoExportRequestSchema = z.object({
  /** For cancel; without one the export is still stopped when its HTTP client goes away. */
  requestId: RequestIdSchema.optional(),
  seedId: IdSchema,
  sliders: SliderValuesSchema,
  steps: StepsSchema.optional(),
  format: z.enum(['png', 'jpeg']).default('png'),
  quality: z.number().int().min(1).max(100).default(92),
  ...FaithfulRequestFields,
});

export const PhotoExportedSchema = z.object({
  fileName: z.string(),
  /** The photo's own size (after EXIF rotation). */
  width: z.number().int(),
  height: z.number().int(),
  mime: z.enum(['image/png', 'image/jpeg']),
  /** The encoded file, base64; it carries no metadata. */
  data: z.string(),
  /** The photo pixels that may differ from the original. */
  area: CropBoxSchema.extend({ width: z.number().int().nonnegative(), height: z.number().int().nonnegative() }),
  locks: FaithfulResultFields.locks,
});
export type PhotoExported = z.infer<typeof PhotoExportedSchema>;
