/**
 * The layers of docs/architecture.md, as `npm run lint` enforces them: a file in each layer that
 * imports a layer above it (or Electron outside the desktop shell) is an error; allowed imports pass.
 */
import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './engine/helpers';

const eslint = new ESLint({ cwd: REPO });

async function restricted(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(REPO, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: [file: string, spec: string, allowed: boolean][] = [
  ['electron/engine/x.ts', '../backend/editor-service', false],
  ['electron/engine/image/x.ts', '../../cli/io', false],
  ['electron/engine/x.ts', 'electron', false],
  ['electron/engine/x.ts', '../contract/result', true],
  ['electron/contract/x.ts', '../engine/engine', false],
  ['electron/contract/x.ts', 'node:fs', false],
  ['electron/backend/x.ts', '../http/server', false],
  ['electron/backend/x.ts', '../desktop/main/ipc', false],
  ['electron/backend/x.ts', 'electron', false],
  ['electron/backend/x.ts', '../engine/engine', true],
  ['electron/http/x.ts', '../desktop/main/security', false],
  ['electron/http/x.ts', '../cli/io', false],
  ['electron/http/x.ts', '../backend/handlers', true],
  ['electron/desktop/main/x.ts', '../../http/server', false],
  ['electron/desktop/main/x.ts', 'electron', true],
  ['electron/cli/commands/x.ts', '../../desktop/main/ipc', false],
  ['electron/cli/commands/x.ts', '../../http/server', true],
  ['renderer/src/x.ts', '../../electron/engine/engine', false],
  ['renderer/src/x.ts', '../../electron/backend/handlers', false],
  ['renderer/src/x.ts', 'node:path', false],
  ['renderer/src/x.ts', '../../electron/contract/contract', true],
];

describe('npm run lint enforces the layers', () => {
  it.each(cases)('%s importing %s: allowed %s', async (file, spec, allowed) => {
    const messages = await restricted(file, `import * as m from '${spec}';\nexport default m;\n`);
    expect(messages.length === 0).toBe(allowed);
  });
});
