/**
 * Execution-provider choice with a mocked onnxruntime: a provider that fails to create a session
 * falls back (onnxruntime would not), the reason is recorded, "auto" keeps the fastest and
 * remembers it per pack.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReseedEngine } from '../../electron/engine/engine';
import { ProviderError } from '../../electron/engine/errors';
import { createOrtSession, type SessionFactory } from '../../electron/engine/runtime/ort';
import { ProviderChoiceStore } from '../../electron/engine/runtime/provider-store';
import { providerCandidates, type ProviderName } from '../../electron/engine/runtime/providers';
import { copyTinyPack, tempDir, TINY_PACK } from './helpers';

const root = tempDir();

/** Real CPU sessions under any provider name, except those told to fail (or to be slow). */
function factory(failing: ProviderName[], slow: Partial<Record<ProviderName, number>> = {}) {
  const created: string[] = [];
  const fn: SessionFactory = async (path, provider, options) => {
    created.push(provider);
    if (failing.includes(provider)) throw new Error(`Failed to get a ${provider} adapter: No supported adapters`);
    const session = await createOrtSession(path, 'cpu', options);
    const delay = slow[provider] ?? 0;
    return {
      inputs: session.inputs,
      outputs: session.outputs,
      run: async (feeds) => {
        if (delay) await new Promise((r) => setTimeout(r, delay));
        return session.run(feeds);
      },
      release: () => session.release(),
    };
  };
  return { fn, created };
}

const linuxGpu = { platform: 'linux' as const, backends: [{ name: 'cpu', bundled: true }, { name: 'webgpu', bundled: true }, { name: 'cuda', bundled: false }], binaryDir: '/ort', fileExists: () => true };

function engine(fn: SessionFactory, choiceFile?: string) {
  return new ReseedEngine({ packRoots: [], sessionFactory: fn, platform: linuxGpu, providerChoiceFile: choiceFile });
}

describe('providerCandidates', () => {
  it('lists the platform candidates best first, CUDA only when its library is installed', () => {
    expect(providerCandidates(linuxGpu).map((c) => c.name)).toEqual(['cuda', 'webgpu', 'cpu']);
    const noCuda = providerCandidates({ ...linuxGpu, fileExists: () => false });
    expect(noCuda[0]).toMatchObject({ name: 'cuda', available: false });
    expect(noCuda[0]!.note).toMatch(/libonnxruntime_providers_cuda\.so/);
    const win = providerCandidates({ platform: 'win32', backends: [{ name: 'cpu', bundled: true }, { name: 'dml', bundled: true }], binaryDir: 'C:\\ort', fileExists: () => false });
    expect(win.map((c) => c.name)).toEqual(['cuda', 'webgpu', 'dml', 'cpu']);
    expect(win.find((c) => c.name === 'dml')!.available).toBe(true);
    const mac = providerCandidates({ platform: 'darwin', backends: [{ name: 'cpu', bundled: true }, { name: 'coreml', bundled: true }] });
    expect(mac.map((c) => c.name)).toEqual(['webgpu', 'coreml', 'cpu']);
  });
});

describe('provider selection', () => {
  it('falls back to the CPU when a forced provider fails to start, and says why', async () => {
    const { fn } = factory(['webgpu']);
    const e = engine(fn);
    const open = await e.open(TINY_PACK, 'webgpu');
    expect(open.provider).toBe('cpu');
    expect(open.selection.requested).toBe('webgpu');
    expect(open.selection.reason).toMatch(/fallback: webgpu could not run/);
    expect(open.selection.dropped).toEqual([{ provider: 'webgpu', reason: expect.stringMatching(/session creation failed: .*No supported adapters/) }]);
    await expect(open.decode(open.randomSeed(1))).resolves.toBeDefined();
    await e.dispose();
  });

  it('auto: skips failing providers, keeps the fastest that works, reports the rest', async () => {
    const { fn } = factory(['cuda'], { webgpu: 5 });
    const e = engine(fn);
    const open = await e.open(TINY_PACK, 'auto');
    expect(open.provider).toBe('cpu');
    const reasons = Object.fromEntries(open.selection.dropped.map((d) => [d.provider, d.reason]));
    expect(reasons.cuda).toMatch(/session creation failed/);
    expect(reasons.webgpu).toMatch(/^slower: .* ms a decode against .* ms on cpu$/);
    expect(Object.keys(open.selection.decodeMs).sort()).toEqual(['cpu', 'webgpu']);
    await e.dispose();
  });

  it('auto: a GPU that is faster wins', async () => {
    const { fn } = factory([], { cpu: 5 });
    const e = engine(fn);
    const open = await e.open(TINY_PACK, 'auto');
    expect(['cuda', 'webgpu']).toContain(open.provider);
    expect(open.selection.reason).toMatch(/fastest decode/);
    await e.dispose();
  });

  it('remembers the choice per pack and reuses it without benchmarking again', async () => {
    const file = join(root, 'choices.json');
    const first = factory(['cuda'], { cpu: 5 });
    const e1 = engine(first.fn, file);
    expect((await e1.open(TINY_PACK)).provider).toBe('webgpu');
    await e1.dispose();
    const stored = new ProviderChoiceStore(file);
    const [key] = Object.keys(JSON.parse(readFileSync(file, 'utf8')).packs);
    expect(stored.get(key!)?.provider).toBe('webgpu');
    const second = factory(['cuda']);
    const e2 = engine(second.fn, file);
    const open = await e2.open(TINY_PACK);
    expect(open.provider).toBe('webgpu');
    expect(open.selection.remembered).toBe(true);
    expect(open.selection.reason).toMatch(/^remembered/);
    // Only the remembered provider's sessions were created (3 networks), no race.
    expect(new Set(second.created)).toEqual(new Set(['webgpu']));
    await e2.dispose();
    // If it stops working, the engine chooses again.
    const third = factory(['cuda', 'webgpu']);
    const e3 = engine(third.fn, file);
    const again = await e3.open(TINY_PACK);
    expect(again.provider).toBe('cpu');
    expect(again.selection.remembered).toBe(false);
    await e3.dispose();
  });

  it('throws a ProviderError listing every reason when nothing runs', async () => {
    const { fn } = factory(['cuda', 'webgpu', 'cpu']);
    const e = engine(fn);
    const error = await e.open(TINY_PACK, 'auto').catch((x) => x);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).attempts.map((a) => a.provider)).toEqual(['cuda', 'webgpu', 'cpu']);
    expect(error.message).toMatch(/no execution provider could run the pack/);
  });

  it('a forced provider that is not installed falls back with its note', async () => {
    const { fn } = factory([]);
    const e = new ReseedEngine({ packRoots: [], sessionFactory: fn, platform: { ...linuxGpu, fileExists: () => false } });
    const open = await e.open(TINY_PACK, 'cuda');
    expect(open.provider).toBe('cpu');
    expect(open.selection.dropped[0]!.reason).toMatch(/not installed/);
    await e.dispose();
  });

  it('keeps the sessions of a pack opened again, releases them when another is opened', async () => {
    const { fn, created } = factory([]);
    const e = engine(fn);
    const a = await e.open(TINY_PACK, 'cpu');
    expect(await e.open(TINY_PACK, 'cpu')).toBe(a);
    expect(created).toHaveLength(3); // denoiser, embedder, refiner: once
    const b = await e.open(copyTinyPack(root), 'cpu');
    expect(e.opened).toBe(b);
    await expect(a.decode(a.randomSeed(1))).rejects.toThrow(/released/);
    await e.dispose();
    await expect(b.decode(b.randomSeed(1))).rejects.toThrow(/released/);
  });
});
