/**
 * The end-to-end harness: a real `reseed serve` (bin/reseed.mjs, as a user starts it) on a free
 * port with its own user data folder, and Debian's Chromium driven by playwright-core with a fresh
 * profile: each test file gets its own, so no file depends on what another left behind. The
 * default pack (models/fashion-mnist) is used when it exists, the fixture pack otherwise, so these
 * tests switch to the real model by themselves once it lands.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = process.env.RESEED_CHROMIUM || '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);

const DEFAULT_PACK = join(REPO, 'models', 'fashion-mnist');
const FIXTURE_PACK = join(REPO, 'test', 'fixtures', 'tiny-pack');

/** The pack the end-to-end run uses. */
export function e2ePack(): string {
  return existsSync(join(DEFAULT_PACK, 'pack.json')) ? DEFAULT_PACK : FIXTURE_PACK;
}

export interface Served {
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts `reseed serve --port 0` and resolves with the URL it prints. The editor was built once
 * for the whole run (global-setup.ts): --no-build keeps every file from building it again.
 * `port`: null starts it without --port, as a user does (the last run's port again when free).
 */
export function startServe(pack: string, home: string, extra: string[] = [], port: string | null = '0'): Promise<Served> {
  const args = [join(REPO, 'bin', 'reseed.mjs'), 'serve', ...(port === null ? [] : ['--port', port]), '--no-build', '--pack', pack, '--provider', 'cpu', ...extra];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: REPO,
    env: { ...process.env, RESEED_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 10_000).unref();
    });
  return new Promise((resolve, reject) => {
    const onData = (data: Buffer) => {
      output += data.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+)\/#token=([A-Za-z0-9_-]+)/.exec(output);
      if (match) {
        child.stdout?.off('data', onData);
        child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
        resolve({ url: match[0], origin: match[1]!, token: match[2]!, output: () => output, stop });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => reject(new Error(`reseed serve exited (${code}) before printing its URL:\n${output}`)));
  });
}

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Chromium, headless, a throw-away profile, nothing that reaches the network by itself. */
export async function launchChromium(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'reseed-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1360, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function tempHome(): string {
  return mkdtempSync(join(tmpdir(), 'reseed-e2e-home-'));
}

export interface EditorSession {
  readonly served: Served;
  readonly browser: Browser;
  readonly page: Page;
  readonly home: string;
  close(): Promise<void>;
}

/** `reseed serve` on the pack, Chromium on its URL, waiting until the editor shows the pack. */
export async function openEditor(pack: string, home = tempHome(), serveArgs: string[] = []): Promise<EditorSession> {
  const served = await startServe(pack, home, serveArgs);
  const browser = await launchChromium();
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.on('pageerror', (error) => console.error('page error:', error));
  await page.goto(served.url);
  await page.getByTestId('status-pack').filter({ hasNotText: '—' }).waitFor();
  return {
    served,
    browser,
    page,
    home,
    close: async () => {
      await browser.close();
      await served.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
