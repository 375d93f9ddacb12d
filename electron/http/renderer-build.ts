/**
 * Makes sure the built renderer exists before `reseed serve` serves it: in a source checkout it
 * is built on first start (and rebuilt when its sources are newer), so `npx reseed serve` works
 * right after `npm ci`. Vite runs in a child process so its memory is not kept by the
 * long-running server. The end-to-end suite builds through the same function once, before any
 * file starts (test/e2e/global-setup.ts).
 *
 * The build goes to a folder of its own and then takes outDir's place by rename, so a server of
 * another run in this checkout serves the old build or the new one, never a half-written one.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';

export interface RendererBuild {
  /** The repository (or app) root. */
  readonly root: string;
  /** out/renderer */
  readonly outDir: string;
}

/** What the bundle is made of: the renderer, the contract it imports, the build config, the packages. */
export function rendererSources(root: string): string[] {
  return ['renderer', path.join('electron', 'contract'), 'vite.config.ts', 'package.json', 'package-lock.json'].map((p) => path.join(root, p));
}

/** The newest modification time under `target`; folders count too, so a deleted file is a change. */
function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(target).map((name) => newestMtime(path.join(target, name))));
}

/** Why the renderer needs building, or null when the build is there and current. */
export function whyBuild({ root, outDir }: RendererBuild): string | null {
  const index = path.join(outDir, 'index.html');
  if (!existsSync(index)) return 'the editor has not been built yet';
  // An installed app ships only the build.
  if (!existsSync(path.join(root, 'renderer'))) return null;
  const built = statSync(index).mtimeMs;
  return Math.max(...rendererSources(root).map(newestMtime)) > built ? "the editor's sources changed since the last build" : null;
}

function viteBuild(root: string, outDir: string, log: (line: string) => void): Promise<void> {
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const config = path.join(root, 'vite.config.ts');
  if (!existsSync(vite) || !existsSync(config)) {
    return Promise.reject(new Error('cannot build the editor here (no Vite): run `npm ci` then `npm run build:renderer`'));
  }
  return new Promise((resolve, reject) => {
    // NODE_ENV from a test runner ("test") would make Vite bundle React's development build.
    const env = { ...process.env, NODE_ENV: 'production' };
    const args = [vite, 'build', '--config', config, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'];
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
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

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/** Puts the finished build at outDir (the old one removed after the swap). */
function swapIn(fresh: string, outDir: string): void {
  const old = `${outDir}.old-${process.pid}`;
  try {
    renameSync(outDir, old);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
  try {
    renameSync(fresh, outDir);
  } catch (error) {
    // Another process put its build there first, from the same sources.
    if (errorCode(error) !== 'ENOTEMPTY' && errorCode(error) !== 'EEXIST') throw error;
  }
  rmSync(old, { recursive: true, force: true });
}

/** Builds into a folder of its own, then swaps it in; index.html is dated when the build started. */
export async function buildRenderer({ root, outDir }: RendererBuild, log: (line: string) => void): Promise<void> {
  const fresh = `${outDir}.building-${process.pid}`;
  const started = new Date();
  try {
    await viteBuild(root, fresh, log);
    // A source saved during the build is newer than the build, so the next start rebuilds.
    utimesSync(path.join(fresh, 'index.html'), started, started);
    swapIn(fresh, outDir);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}

/** Builds when missing or stale; says so in one line. */
export async function ensureRendererBuilt(build: RendererBuild, log: (line: string) => void): Promise<void> {
  const why = whyBuild(build);
  if (why === null) return;
  log(`reseed serve: ${why}; building it (about half a minute)…`);
  await buildRenderer(build, log);
}
