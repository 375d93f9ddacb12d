/** Models and assets in development (repository root) and packaged (resources folder). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot, resolveResources } from '../../electron/backend/resources';

describe('resolveResources', () => {
  it('uses the app path in development', () => {
    const repo = path.resolve('/work/reseed');
    expect(resolveResources({ isPackaged: false, resourcesPath: '/ignored', appPath: repo })).toEqual({
      models: path.join(repo, 'models'),
      assets: path.join(repo, 'assets'),
    });
  });

  it('uses the resources folder (extraResources) when packaged, not the asar', () => {
    const resources = path.resolve('/opt/Reseed/resources');
    const paths = resolveResources({
      isPackaged: true,
      resourcesPath: resources,
      appPath: path.join(resources, 'app.asar'),
    });
    expect(paths).toEqual({ models: path.join(resources, 'models'), assets: path.join(resources, 'assets') });
    expect(paths.models).not.toContain('app.asar');
  });

  it('refuses a packaged app without a resources path', () => {
    expect(() => resolveResources({ isPackaged: true, appPath: '/x' })).toThrow(/resourcesPath/);
  });
});

describe('repositoryRoot', () => {
  it('is the folder with package.json when running from the sources', () => {
    expect(existsSync(path.join(repositoryRoot(), 'package.json'))).toBe(true);
    expect(existsSync(path.join(repositoryRoot(), 'electron', 'backend', 'resources.ts'))).toBe(true);
  });
});
