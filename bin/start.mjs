#!/usr/bin/env node
/**
 * `npm start`: the desktop app when it can run here, otherwise `reseed serve` (the same editor in
 * a browser, against the same engine).
 *
 * Electron's own `require('electron')` would try to download the binary when it is missing (which
 * needs network and is exactly what ELECTRON_SKIP_BINARY_DOWNLOAD avoided), so the binary is
 * looked up here from the files that package leaves, without running its code.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

/** The Electron executable, or null when npm ci skipped its download. */
function electronBinary() {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(pkg, 'dist');
  if (relative === '' && !process.env.ELECTRON_OVERRIDE_DIST_PATH) return null;
  const binary = path.join(dist, relative || 'electron');
  return existsSync(binary) ? binary : null;
}

/** Why the desktop window cannot open here, or null when it can. */
function whyNoDesktop() {
  if (electronBinary() === null) return "Electron's binary is missing (npm ci skipped its download)";
  // Electron on Linux needs a display server; a headless box (CI, SSH) gets the browser editor.
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
  }
  return null;
}

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const time = entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

/** Builds out/ when it is missing or older than the sources. */
function buildIfStale() {
  const outputs = ['out/electron/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'].map((p) =>
    path.join(root, p),
  );
  const missing = outputs.some((p) => !existsSync(p));
  const oldest = missing ? 0 : Math.min(...outputs.map((p) => statSync(p).mtimeMs));
  const sources = Math.max(newestMtime(path.join(root, 'electron')), newestMtime(path.join(root, 'renderer')));
  if (!missing && oldest >= sources) return;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const built = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

/** Runs a child with our stdio, forwards Ctrl-C and the like, and exits with its status. */
function runAndExit(command, commandArgs, env = process.env) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    console.error(`reseed: could not start ${command}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const reason = whyNoDesktop();
if (reason === null) {
  buildIfStale();
  // An inherited ELECTRON_RUN_AS_NODE would make the binary behave as plain Node.
  const { ELECTRON_RUN_AS_NODE: _ignored, ...env } = process.env;
  runAndExit(electronBinary(), ['.', ...args], env);
} else {
  console.log(`reseed: ${reason}; starting \`reseed serve\` (the editor in your browser) instead.`);
  runAndExit(process.execPath, [path.join(root, 'bin', 'reseed.mjs'), 'serve', ...args]);
}
