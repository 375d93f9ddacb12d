/**
 * An EditorService on the tiny pack with the tiny RGB pack among the user's packs, and its
 * workflows, for one test file (disposed after it): what the backend's pack tests start from.
 */
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { EditorService } from '../../electron/backend/editor-service';
import { createWorkflows, type Workflows } from '../../electron/backend/workflows';
import { ReseedEngine } from '../../electron/engine/engine';
import { tempDir, TINY_PACK, TINY_RGB_PACK } from '../engine/helpers';

export function serviceFixture(prefix: string) {
  const root = tempDir(prefix);
  const userPacks = join(root, 'packs');
  let service: EditorService | undefined;
  let workflows: Workflows | undefined;
  beforeAll(() => {
    mkdirSync(userPacks, { recursive: true });
    cpSync(TINY_RGB_PACK, join(userPacks, 'tiny-rgb'), { recursive: true });
    const engine = new ReseedEngine({ packRoots: [{ dir: userPacks, source: 'user' }], threads: 1 });
    service = new EditorService({ engine, pack: TINY_PACK, provider: 'cpu' });
    workflows = createWorkflows({ service, engine, roots: [root], userPacks });
  });
  afterAll(async () => {
    await service?.dispose();
  });
  return {
    root,
    userPacks,
    get service(): EditorService {
      if (service === undefined) throw new Error('the service starts in beforeAll');
      return service;
    },
    get workflows(): Workflows {
      if (workflows === undefined) throw new Error('the workflows start in beforeAll');
      return workflows;
    },
  };
}
