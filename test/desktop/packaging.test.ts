/**
 * The packaging config (electron-builder.yml): every Electron Fuse electron-builder knows is set
 * the hardened way, and the file still passes electron-builder's own schema. Read with js-yaml
 * and app-builder-lib, which electron-builder (a devDependency) brings; no build runs.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../engine/helpers';

const require = createRequire(import.meta.url);
const { load } = require('js-yaml') as { load: (text: string) => unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const config = load(readFileSync(join(REPO, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

/** What each fuse must be: the Electron security checklist's choice for an app loading app://. */
const HARDENED: Record<string, boolean> = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: false,
};

describe('electron-builder.yml', () => {
  it('sets every Electron Fuse the hardened way', () => {
    expect(config.electronFuses).toEqual(HARDENED);
  });

  it('leaves no fuse electron-builder knows at its default', () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
    };
    // A signing step, not a fuse.
    const fuses = Object.keys(schema.definitions.FuseOptionsV1.properties).filter((name) => name !== 'resetAdHocDarwinSignature');
    expect(fuses.sort()).toEqual(Object.keys(HARDENED).sort());
  });

  it("passes electron-builder's configuration schema, and a misspelt fuse would not", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    const misspelt = { ...config, electronFuses: { ...HARDENED, runAsNod: false } };
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/configuration/i);
  });

  it('packs the app into an asar, which onlyLoadAppFromAsar requires', () => {
    expect(config.asar).toBe(true);
  });
});
