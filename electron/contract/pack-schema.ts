/**
 * The model pack manifest (`pack.json`): the one source of truth for both languages.
 * `npm run schema:pack` writes `training/pack.schema.json` from it; the Python exporter validates
 * every pack against that file, and a test fails when the two drift apart.
 */
import { z } from 'zod';

export const PACK_SCHEMA_VERSION = 1;

const Dim = z.union([z.number().int().positive(), z.literal('batch')]);

export const TensorSpecSchema = z.object({
  name: z.string().min(1).describe('ONNX input or output name'),
  shape: z.array(Dim).min(1).describe('dimensions; "batch" marks the dynamic batch axis'),
});

const NetworkBase = z.object({
  file: z.string().regex(/^[\w.-]+\.onnx$/, 'a file name inside the pack folder ending in .onnx'),
  opset: z.number().int().min(7),
  parameters: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});

export const DenoiserSchema = NetworkBase.extend({
  inputs: z.object({ noisy: TensorSpecSchema, noiseVariance: TensorSpecSchema }),
  outputs: z.object({ eps: TensorSpecSchema }),
});

export const EmbedderSchema = NetworkBase.extend({
  inputs: z.object({ image: TensorSpecSchema }),
  outputs: z.object({ seed: TensorSpecSchema }),
  inputRange: z.enum(['pixels', 'normalized']).describe('pixels: [0,1]; normalized: (x - mean) / std'),
  trainedSteps: z.number().int().positive().describe('sampler steps S the network was trained through'),
});

export const RefinerSchema = NetworkBase.extend({
  inputs: z.object({ image: TensorSpecSchema, reconstruction: TensorSpecSchema }),
  outputs: z.object({ seedDelta: TensorSpecSchema }),
  inputRange: z.enum(['pixels', 'normalized']),
  trainedSteps: z.number().int().positive(),
});

/**
 * The preview decoder (optional, issue #21): G(seed) → picture in one pass, trained to match the
 * S-step decode; what the editor shows while a slider moves. Its output is the picture itself
 * (denormalized and clipped in the graph), not a seed. A guided preview also reads the sampler's
 * picture after one step (one denoiser pass), which carries how far-moved seeds look.
 */
export const PreviewSchema = NetworkBase.extend({
  inputs: z.object({
    seed: TensorSpecSchema,
    firstStep: TensorSpecSchema.optional().describe("guided: the seed's one-step decode (the sampler run for 1 step), pixels in [0,1], model colours"),
  }),
  outputs: z.object({ image: TensorSpecSchema }),
  outputRange: z.literal('pixels').describe('the picture in [0,1], model colours'),
  trainedSteps: z.number().int().positive().describe('sampler steps S of the decode it was trained to match'),
});

/**
 * The attribute scorer (optional): a small classifier whose softmax outputs score the classifier
 * attributes a lock holds (docs/design.md, Locks). Each output is one softmax head, its columns
 * named by `classes`.
 */
export const ScorerOutputSchema = TensorSpecSchema.extend({
  classes: z.array(z.string().min(1)).min(2).describe('the name of each column, in order; softmax over the columns gives their probabilities'),
});

export const AttributeScorerSchema = NetworkBase.extend({
  inputs: z.object({ image: TensorSpecSchema }),
  outputs: z
    .record(z.string().regex(/^[a-z][a-z0-9_-]*$/), ScorerOutputSchema)
    .refine((o) => Object.keys(o).length > 0, 'at least one output')
    .describe('one softmax head per output key, logits of shape [batch, classes]'),
  inputRange: z.enum(['pixels', 'normalized']).describe('pixels: [0,1] in the model colours; normalized: (x - mean) / std'),
  activation: z.literal('softmax').describe('how an output\'s logits become class probabilities'),
});

/** Attributes measured on pixels (training/attributes.py; engine/faithful/pixel-attributes.ts). */
export const PIXEL_ATTRIBUTES = ['mean-intensity', 'object-intensity', 'width', 'height', 'texture', 'area'] as const;
export const PixelAttributeSchema = z.enum(PIXEL_ATTRIBUTES);
export type PixelAttribute = z.infer<typeof PixelAttributeSchema>;

const ClassList = z.array(z.number().int().nonnegative());

/**
 * What a direction moves, measured on a decoded picture: the attribute a lock on it holds.
 * `pixel`: an attribute of the pixels (model colours). `scorer`: from the attribute scorer's
 * output `output`: `probability` = P(positive), `contrast` = P(positive) − P(negative),
 * `expected` = the expected class index over the classes not in `exclude` (an ordinal label),
 * as training/directions.py's label_score.
 */
export const DirectionAttributeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pixel'), name: PixelAttributeSchema }).strict(),
  z
    .object({
      kind: z.literal('scorer'),
      output: z.string().min(1).describe('a key of networks.attributes.outputs'),
      score: z.enum(['probability', 'contrast', 'expected']),
      positive: ClassList.optional(),
      negative: ClassList.optional(),
      exclude: ClassList.optional(),
    })
    .strict(),
]);
export type DirectionAttribute = z.infer<typeof DirectionAttributeSchema>;

export const PreprocessSchema = z.object({
  colorspace: z.enum(['gray', 'rgb']),
  fit: z.enum(['contain', 'cover']).describe('contain: the whole object fits; cover: fill and crop'),
  trim: z.boolean().describe('trim a uniform border (e.g. a product photo on white) before fitting'),
  background: z.string().regex(/^#[0-9a-fA-F]{6}$/).describe('colour that alpha and padding become'),
  negate: z.boolean().describe('invert after fitting (Fashion-MNIST draws garments light on black)'),
  margin: z.number().min(0).max(0.5).describe('fraction of the side left empty around the object'),
  crop: z
    .enum(['centre', 'face'])
    .optional()
    .describe('where a picture is cropped when no crop box is given: centre (default: the whole picture, fitted) or face (a box around the largest detected face, else centre)'),
});

/** The crop mode of a preprocessing recipe, with its default. */
export function cropMode(preprocess: { readonly crop?: 'centre' | 'face' }): 'centre' | 'face' {
  return preprocess.crop ?? 'centre';
}

export const DirectionSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  label: z.string().min(1),
  description: z.string(),
  min: z.number(),
  max: z.number(),
  method: z.enum(['label-mean', 'attribute-regression', 'examples', 'principal-component']),
  source: z.string().describe('which labels or attribute made it'),
  sigma: z.number().positive().describe("std of the training seeds' projections on the unit vector"),
  index: z.number().int().nonnegative().describe('position of the unit vector in the directions file'),
  effect: z
    .object({ attribute: z.string(), perUnit: z.number(), unit: z.string().optional() })
    .optional()
    .describe('measured change of the attribute per slider unit (one sigma)'),
  attribute: DirectionAttributeSchema.optional().describe('what the direction moves, measured on decoded pictures: what a lock on it holds'),
});

export const PackSchema = z.object({
  schemaVersion: z.literal(PACK_SCHEMA_VERSION),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  name: z.string().min(1),
  version: z.string().min(1),
  description: z.string(),
  license: z.string().min(1),
  attribution: z.string().optional(),
  trainingData: z.object({
    name: z.string(),
    source: z.string(),
    license: z.string(),
    images: z.number().int().nonnegative(),
  }),
  image: z.object({
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    channels: z.union([z.literal(1), z.literal(3)]),
  }),
  normalization: z.object({ mean: z.array(z.number()).min(1), std: z.array(z.number().positive()).min(1) }),
  schedule: z.object({
    kind: z.literal('cosine-angle'),
    minSignalRate: z.number().gt(0).lt(1),
    maxSignalRate: z.number().gt(0).lt(1),
  }),
  sampler: z.object({ defaultSteps: z.number().int().min(1).max(1000) }),
  networks: z.object({
    denoiser: DenoiserSchema,
    embedder: EmbedderSchema,
    refiner: RefinerSchema.optional(),
    attributes: AttributeScorerSchema.optional(),
    preview: PreviewSchema.optional(),
  }),
  preprocess: PreprocessSchema,
  directions: z.object({
    file: z.string().regex(/^[\w.-]+\.bin$/),
    items: z.array(DirectionSchema),
  }),
  metrics: z.record(z.string(), z.unknown()),
});

export type Pack = z.infer<typeof PackSchema>;
export type Direction = z.infer<typeof DirectionSchema>;
export type TensorSpec = z.infer<typeof TensorSpecSchema>;
export type AttributeScorer = z.infer<typeof AttributeScorerSchema>;
