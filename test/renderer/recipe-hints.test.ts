/** The recipe dialog's error hints (state/error-hints.ts, context 'recipe'): each names an action that fits recipes. */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../electron/contract/result';
import { hintFor } from '../../renderer/src/state/error-hints';

const NEWS = new Set<string>([ErrorCode.cancelled, ErrorCode.batchEnded, ErrorCode.packSwitched, ErrorCode.faceFound, ErrorCode.faceNotFound, ErrorCode.nothingToExport, ErrorCode.sessionRestored]);
const ACTION = /^(Open|Choose|Check|Remove|Give|Fix|Use|Embed|Wait|Try|Only|Type)\b/;

describe('recipe error hints', () => {
  it('gives every error code a hint that names an action, and news none', () => {
    for (const code of Object.values(ErrorCode)) {
      const hint = hintFor({ code, message: 'something went wrong' }, 'recipe');
      if (NEWS.has(code)) expect(hint, code).toBeNull();
      else expect(hint, code).toMatch(ACTION);
    }
  });

  it("points another pack's recipe to that pack, a name in use to Replace, a bad file to fixing it", () => {
    expect(hintFor({ code: ErrorCode.packMismatch, message: 'recipe "x" is for the pack "emoji-faces", not "fashion-mnist"' }, 'recipe')).toMatch(/^Use that pack/);
    expect(hintFor({ code: ErrorCode.invalidRequest, message: 'a recipe named "x" exists already' }, 'recipe')).toMatch(/tick Replace/);
    expect(hintFor({ code: ErrorCode.invalidRequest, message: 'recipe "x": unknown direction "y"' }, 'recipe')).toMatch(/^Fix the recipe file/);
    // Elsewhere a pack mismatch still means embedding again.
    expect(hintFor({ code: ErrorCode.packMismatch, message: 'seed of another pack' }, 'editor')).toMatch(/^Embed/);
  });
});
