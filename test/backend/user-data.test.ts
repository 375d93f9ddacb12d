/** The user data folder for the app, the CLI and `reseed serve`, on every platform. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureUserData, resolveUserData, resolveUserDataRoot } from '../../electron/backend/user-data';

const home = '/home/ada';

describe('resolveUserDataRoot', () => {
  it('prefers $RESEED_HOME over everything, resolved to an absolute path', () => {
    const env = { RESEED_HOME: '/data/reseed', XDG_DATA_HOME: '/xdg' };
    expect(resolveUserDataRoot({ env, platform: 'linux', homedir: home, electronUserData: '/e' })).toBe('/data/reseed');
    expect(resolveUserDataRoot({ env: { RESEED_HOME: 'rel' }, platform: 'linux', homedir: home })).toBe(
      path.posix.resolve('rel'),
    );
  });

  it("uses Electron's folder in the desktop app", () => {
    expect(resolveUserDataRoot({ env: {}, platform: 'linux', homedir: home, electronUserData: '/e/Reseed' })).toBe(
      '/e/Reseed',
    );
  });

  it('follows XDG on Linux, ignoring an empty or relative XDG_DATA_HOME', () => {
    expect(resolveUserDataRoot({ env: { XDG_DATA_HOME: '/xdg' }, platform: 'linux', homedir: home })).toBe('/xdg/reseed');
    expect(resolveUserDataRoot({ env: {}, platform: 'linux', homedir: home })).toBe('/home/ada/.local/share/reseed');
    expect(resolveUserDataRoot({ env: { XDG_DATA_HOME: '' }, platform: 'linux', homedir: home })).toBe(
      '/home/ada/.local/share/reseed',
    );
    expect(resolveUserDataRoot({ env: { XDG_DATA_HOME: 'x' }, platform: 'freebsd', homedir: home })).toBe(
      '/home/ada/.local/share/reseed',
    );
  });

  it('uses Application Support on macOS', () => {
    expect(resolveUserDataRoot({ env: {}, platform: 'darwin', homedir: '/Users/ada' })).toBe(
      '/Users/ada/Library/Application Support/Reseed',
    );
  });

  it('uses %APPDATA% on Windows, with the usual fallback', () => {
    const appData = 'C:\\Users\\ada\\AppData\\Roaming';
    expect(resolveUserDataRoot({ env: { APPDATA: appData }, platform: 'win32', homedir: 'C:\\Users\\ada' })).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\Reseed',
    );
    expect(resolveUserDataRoot({ env: {}, platform: 'win32', homedir: 'C:\\Users\\ada' })).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\Reseed',
    );
  });
});

describe('resolveUserData', () => {
  it('names packs/, directions/, recipes/ and settings.json under the root', () => {
    expect(resolveUserData({ env: { RESEED_HOME: '/r' }, platform: 'linux' })).toEqual({
      root: '/r',
      packs: '/r/packs',
      directions: '/r/directions',
      recipes: '/r/recipes',
      settings: '/r/settings.json',
    });
  });

  it('creates the folders, idempotently', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'reseed-home-'));
    try {
      const paths = resolveUserData({ env: { RESEED_HOME: path.join(root, 'nested') } });
      await ensureUserData(paths);
      await ensureUserData(paths);
      expect(existsSync(paths.packs)).toBe(true);
      expect(existsSync(paths.directions)).toBe(true);
      expect(existsSync(paths.settings)).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
