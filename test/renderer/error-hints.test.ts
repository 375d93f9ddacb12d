/** Error hints fit where the error happened, and every error's hint names an action. */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../electron/contract/result';
import { hintFor, type HintContext } from '../../renderer/src/state/error-hints';

const CONTEXTS: HintContext[] = ['editor', 'custom-slider', 'pack-import', 'pack-use', 'pack-remove', 'batch', 'folder', 'interpolate', 'settings'];
const NEWS = new Set<string>([ErrorCode.cancelled, ErrorCode.batchEnded, ErrorCode.packSwitched, ErrorCode.faceFound, ErrorCode.faceNotFound, ErrorCode.nothingToExport, ErrorCode.sessionRestored]);
/** A hint starts with what to do: an imperative verb of this list. */
const ACTION = /^(Open|Choose|Check|Remove|Give|Fix|Use|Embed|Wait|Try|Only|Type)\b/;

describe('hintFor', () => {
  it('gives every error code, in every place, a hint that names an action', () => {
    for (const code of Object.values(ErrorCode)) {
      for (const context of CONTEXTS) {
        const hint = hintFor({ code, message: 'something went wrong' }, context);
        if (NEWS.has(code)) expect(hint, `${code} in ${context}`).toBeNull();
        else expect(hint, `${code} in ${context}`).toMatch(ACTION);
      }
    }
  });

  it('does not tell the user to open another picture outside the editor', () => {
    const folders = { code: ErrorCode.input, message: 'folder /x: fewer than 2 usable pictures' };
    expect(hintFor(folders, 'editor')).toBe('Open another picture; the current one is kept.');
    expect(hintFor(folders, 'custom-slider')).not.toMatch(/picture; the current one is kept/);
    expect(hintFor(folders, 'custom-slider')).toMatch(/folders .* Create again/);
    const broken = { code: ErrorCode.input, message: 'pack.json: not valid' };
    expect(hintFor(broken, 'pack-import')).toBe('Choose another pack folder.');
  });

  it('points an "already installed" import at the Remove button, a built-in id at pack.json', () => {
    const installed = { code: ErrorCode.input, message: 'a pack with id "tiny-rgb" is already installed (/home/u/packs/tiny-rgb); remove it first' };
    expect(hintFor(installed, 'pack-import')).toMatch(/Remove button/);
    const builtIn = { code: ErrorCode.input, message: 'pack id "tiny" is already used by the built-in pack "Tiny" (a built-in pack cannot be replaced)' };
    expect(hintFor(builtIn, 'pack-import')).toMatch(/another id in its pack\.json/);
  });
});
