/**
 * What the user can do about an error, by where it happened: the same code means different things
 * in different places (an `input-error` is a bad picture in the editor, a folder without enough
 * pictures in the new-slider form, a pack already installed in the Packs view). Every error hint
 * names an action the user can take there; notices that are news (a batch ended, a pack switched,
 * a face found) and messages that are already an instruction get none.
 * Pure: unit-tested in test/renderer/error-hints.test.ts.
 */
import { ErrorCode, type ErrorInfo } from '../../../electron/contract/result';

/** Where a notice is shown: its banner picks the hint for that place. */
export type HintContext = 'editor' | 'custom-slider' | 'pack-import' | 'pack-use' | 'pack-remove' | 'batch' | 'folder' | 'interpolate' | 'settings' | 'recipe';

/** Codes that are news or a cancel, never shown as a failure with advice. */
const NO_HINT: ReadonlySet<string> = new Set([ErrorCode.cancelled, ErrorCode.batchEnded, ErrorCode.packSwitched, ErrorCode.faceFound, ErrorCode.faceNotFound, ErrorCode.nothingToExport, ErrorCode.sessionRestored]);

const RETRY = 'Try again; if it happens again, restart Reseed and report the message.';

function inputHint(context: HintContext, message: string): string {
  switch (context) {
    case 'custom-slider':
      return 'Choose folders that each hold at least 2 readable pictures (PNG, JPEG, WebP), then press Create again.';
    case 'pack-import':
      if (/already installed/.test(message)) return 'Remove the installed pack with its Remove button in the list above, then import again, or choose another pack folder.';
      if (/built-in/.test(message)) return 'Give the pack another id in its pack.json, then import it again.';
      return 'Choose another pack folder.';
    case 'batch':
    case 'folder':
      return 'Check the folder paths, then try again.';
    case 'interpolate':
      return 'Choose another seed for that end.';
    default:
      return 'Open another picture; the current one is kept.';
  }
}

/** Recipes (the recipe dialog, the Batch view's recipe): the engine's message names what does not fit. */
function recipeHint(error: ErrorInfo): string {
  switch (error.code) {
    case ErrorCode.packMismatch:
      return 'Use that pack (Packs view) to import it there, or choose a recipe made for the active pack.';
    case ErrorCode.invalidRequest:
      return /exists already/.test(error.message) ? 'Choose another name, or tick Replace.' : 'Fix the recipe file (or the name) as the message says, then try again.';
    case ErrorCode.input:
      return 'Choose a recipe file (JSON) exported by Reseed.';
    case ErrorCode.notFound:
      return 'Choose it from the list again: the list was out of date and is shown anew.';
    default:
      return RETRY;
  }
}

/** The hint shown after an error's message, or null when there is none to give. */
export function hintFor(error: ErrorInfo, context: HintContext = 'editor'): string | null {
  if (NO_HINT.has(error.code)) return null;
  if (context === 'recipe') return recipeHint(error);
  switch (error.code) {
    case ErrorCode.input:
      return inputHint(context, error.message);
    case ErrorCode.pack:
      if (context === 'pack-import') return 'Fix the file named above or choose another pack folder, then import again.';
      if (context === 'pack-use') return 'Use another pack; the active pack is still the one it was.';
      return 'Fix or replace the model pack, then press Retry.';
    case ErrorCode.provider:
      return 'Choose the cpu provider in Settings and start Reseed again (or start it with --provider cpu).';
    case ErrorCode.transport:
      return 'Check that reseed serve is still running (start it again if not), then reload this page: the session is restored.';
    case ErrorCode.unauthorized:
      return 'Open the address reseed serve printed (it carries the token).';
    case ErrorCode.forbidden:
      if (context === 'pack-remove') return 'Only packs you imported can be removed.';
      return 'Choose a folder inside the allowed folders (reseed serve --root adds one).';
    case ErrorCode.notFound:
      if (context === 'batch' || context === 'folder' || context === 'custom-slider' || context === 'pack-import') return 'Check the path, or choose the folder with Browse….';
      if (context === 'interpolate') return 'Embed or generate the seed again, then choose it as an end.';
      return 'Open the picture again, or embed or generate again.';
    case ErrorCode.busy:
      if (context === 'pack-remove') return 'Use another pack first, then remove this one.';
      return 'Wait until the running export or batch has finished, then try again.';
    case ErrorCode.packMismatch:
      return 'Embed the picture or generate the seed again with the active pack.';
    case ErrorCode.output:
      return 'Choose an output folder you can write to (and check the free space), then try again.';
    case ErrorCode.openFailed:
      return 'Open the folder in your file manager yourself: its path is in the Output folder field.';
    case ErrorCode.unsupported:
      return context === 'folder' ? 'Type the folder path instead.' : 'Use the desktop app (npm start) for this.';
    default:
      return RETRY;
  }
}
