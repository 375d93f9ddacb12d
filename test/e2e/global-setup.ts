/**
 * Builds the editor (out/renderer) once, before any end-to-end file starts, when it is missing or
 * older than its sources; the harness then starts every server with `reseed serve --no-build`.
 * Left to the servers, whichever file started first paid for the build inside its own timeouts:
 * the suite's outcome depended on which file ran first and on what an earlier run left in out/.
 * The build itself is `reseed serve`'s (electron/http/renderer-build.ts: a folder of its own,
 * swapped in by rename, so another run in this checkout never serves a half-written build).
 */
import { join } from 'node:path';
import { ensureRendererBuilt } from '../../electron/http/renderer-build';
import { HAS_CHROMIUM, REPO } from './harness';

export default async function setup(): Promise<void> {
  if (!HAS_CHROMIUM) return; // every file skips itself
  const t0 = performance.now();
  let built = false;
  await ensureRendererBuilt({ root: REPO, outDir: join(REPO, 'out', 'renderer') }, (line) => {
    built = true;
    console.log(line.replace(/^reseed serve: /, 'e2e: '));
  });
  if (built) console.log(`e2e: editor built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
