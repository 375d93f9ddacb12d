/**
 * Every IPC channel name, in one place. Kept free of zod so the sandboxed preload bundle stays
 * tiny: it only needs names, while validation happens in the main process (see contract.ts).
 *
 * To add an operation: add its name here, its schemas to `invokeContract` in contract.ts, and its
 * handler to the service's handler map (electron/backend/handlers.ts; desktop-only ones in
 * electron/desktop/main/handlers.ts). The preload bridge, the HTTP routes of `reseed serve` and the
 * `ReseedApi` type follow from these maps by themselves, and the type checker lists every place
 * still missing it.
 */

/** Request/response operations: renderer → engine, answered with a `Result` envelope. */
export const invokeChannels = {
  appInfo: 'reseed:app-info',
  packInfo: 'reseed:pack-info',
  packList: 'reseed:pack-list',
  /** Desktop only: the native open dialog, then the same answer as openImage. */
  chooseImage: 'reseed:choose-image',
  openImage: 'reseed:open-image',
  recentImages: 'reseed:recent-images',
  embed: 'reseed:embed',
  generate: 'reseed:generate',
  decode: 'reseed:decode',
  exportImage: 'reseed:export-image',
  /** Interpolation: slerp between two seeds, one t (scrub) or a strip of frames (export). */
  interpolate: 'reseed:interpolate',
  interpolationFrames: 'reseed:interpolation-frames',
  /** Paste back: the edited crop in the full photo, PNG or JPEG at the photo's size. */
  exportPhoto: 'reseed:export-photo',
  /** The largest face in an open photo and the crop box around it for the active pack. */
  detectFace: 'reseed:detect-face',
  /** "Fit whole object": the crop box around the object of an open photo, past its edges if need be. */
  fitObject: 'reseed:fit-object',
  cancel: 'reseed:cancel',
  /** Folder workflows (electron/contract/workflow-schemas.ts). Paths are checked against the allowed roots. */
  listFolder: 'reseed:list-folder',
  /** Desktop only: the native folder dialog; the chosen folder becomes allowed. */
  chooseFolder: 'reseed:choose-folder',
  batchRun: 'reseed:batch-run',
  batchResults: 'reseed:batch-results',
  packCatalog: 'reseed:pack-catalog',
  packImport: 'reseed:pack-import',
  packUse: 'reseed:pack-use',
  /** Deletes a pack the user imported (never a built-in one, the default pack or the active one). */
  packRemove: 'reseed:pack-remove',
  settingsGet: 'reseed:settings-get',
  settingsSet: 'reseed:settings-set',
  /** Custom sliders: a direction from two folders of example pictures, saved in the user data. */
  directionCreate: 'reseed:direction-create',
  directionDelete: 'reseed:direction-delete',
  /** Shows a folder (a batch's output) in the system's file manager. */
  openFolder: 'reseed:open-folder',
  /** Recipes (recipe-schemas.ts): named slider settings of the active pack, for batches. */
  recipeList: 'reseed:recipe-list',
  recipeSave: 'reseed:recipe-save',
  recipeRename: 'reseed:recipe-rename',
  recipeDelete: 'reseed:recipe-delete',
  recipeImport: 'reseed:recipe-import',
  recipeExport: 'reseed:recipe-export',
} as const;

/** Events pushed engine → renderer (IPC in the desktop app, Server-Sent Events in `reseed serve`). */
export const eventChannels = {
  progress: 'reseed:progress',
  batch: 'reseed:batch',
} as const satisfies Record<string, string>;

export type InvokeName = keyof typeof invokeChannels;
export type EventName = keyof typeof eventChannels;

/** Global name under which the preload exposes the API (`window.reseed`). */
export const API_GLOBAL = 'reseed';
