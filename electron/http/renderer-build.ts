/**
 * Makes sure the built renderer exists before `reseed serve` serves it: in a source checkout it
 * is built on first start (and rebuilt when the renderer's sources are newer), so
 * `npx reseed serve` works right after `npm ci`. Vite runs in a child process so its memory is
 * not kept by the long-running server.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export interface RendererBuild {
  /** The repository (or app) root. */
  readonly root: string;
  /** out/renderer */
  readonly outDir: string;
}

function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const time = entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

/** Why the renderer needs building, or null when the build is there and current. */
export function whyBuild({ root, outDir }: RendererBuild): string | null {
  const index = path.join(outDir, 'index.html');
  if (!existsSync(index)) return 'the editor has not been built yet';
  const sources = [path.join(root, 'renderer'), path.join(root, 'electron', 'shared')];
  if (!sources.every((s) => existsSync(s))) return null; // an installed app ships only the build
  const built = statSync(index).mtimeMs;
  return Math.max(...sources.map(newestMtime)) > built ? "the editor's sources changed since the last build" : null;
}

/** Builds with Vite (`npm run build:renderer`'s command); rejects with a message to act on. */
export function buildRenderer({ root }: RendererBuild, log: (line: string) => void): Promise<void> {
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const config = path.join(root, 'vite.config.ts');
  if (!existsSync(vite) || !existsSync(config)) {
    return Promise.reject(new Error('cannot build the editor here (no Vite): run `npm ci` then `npm run build:renderer`'));
  }
  return new Promise((resolve, reject) => {
    // NODE_ENV from a test runner ("test") would make Vite bundle React's development build.
    const env = { ...process.env, NODE_ENV: 'production' };
    const child = spawn(process.execPath, [vite, 'build', '--config', config, '--logLevel', 'warn'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) return resolve();
      log(output.trim());
      reject(new Error(`building the editor failed (exit ${code}); try \`npm run build:renderer\``));
    });
  });
}

/** Builds when missing or stale; says so in one line. */
export async function ensureRendererBuilt(build: RendererBuild, log: (line: string) => void): Promise<void> {
  const why = whyBuild(build);
  if (why === null) return;
  log(`reseed serve: ${why}; building it (about half a minute)…`);
  await buildRenderer(build, log);
}
