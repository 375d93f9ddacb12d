/** The shared contract: one channel map, schemas for every channel, clean error envelopes. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventChannels, invokeChannels } from '../../electron/contract/channels';
import { AppInfoSchema, eventContract, invokeContract } from '../../electron/contract/contract';
import { fail, ok, ReseedError, resultSchema, toErrorInfo, unwrap } from '../../electron/contract/result';

describe('channel map', () => {
  it('has request and response schemas for exactly the channels it names', () => {
    expect(Object.keys(invokeContract).sort()).toEqual(Object.keys(invokeChannels).sort());
    expect(Object.keys(eventContract).sort()).toEqual(Object.keys(eventChannels).sort());
  });

  it('uses distinct, namespaced channel names', () => {
    const names = [...Object.values(invokeChannels), ...Object.values(eventChannels)];
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^reseed:[a-z][a-z0-9-]*$/);
  });

  it('imports neither electron nor Node modules in the shared folder', () => {
    for (const file of ['channels.ts', 'contract.ts', 'result.ts']) {
      const source = readFileSync(new URL(`../../electron/contract/${file}`, import.meta.url), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const spec of imports) expect(spec === 'zod' || spec?.startsWith('./')).toBe(true);
    }
  });
});

describe('app info schema', () => {
  it('accepts the plain-Node shape with null Electron versions', () => {
    const info = {
      name: 'Reseed',
      version: '0.1.0',
      platform: 'linux',
      arch: 'x64',
      isPackaged: false,
      versions: { node: '20.19.0', electron: null, chrome: null, v8: '11' },
      paths: { userData: '/u', models: '/m' },
    };
    expect(AppInfoSchema.parse(info)).toEqual(info);
    expect(AppInfoSchema.safeParse({ ...info, versions: {} }).success).toBe(false);
  });
});

describe('result envelope', () => {
  it('unwraps values and throws coded errors', () => {
    expect(unwrap(ok(42))).toBe(42);
    const error = (() => {
      try {
        unwrap(fail('not-found', 'no pack "x"'));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ReseedError);
    expect(error).toMatchObject({ code: 'not-found', message: 'no pack "x"' });
  });

  it('survives a JSON round trip and validates as untrusted input', () => {
    const schema = resultSchema(AppInfoSchema.shape.versions);
    const envelope = JSON.parse(JSON.stringify(fail('internal', 'boom')));
    expect(schema.parse(envelope)).toEqual({ ok: false, error: { code: 'internal', message: 'boom' } });
    expect(schema.safeParse({ ok: true, value: { node: 1 } }).success).toBe(false);
  });

  it('describes anything thrown', () => {
    expect(toErrorInfo(new ReseedError('cancelled', 'stop'))).toEqual({ code: 'cancelled', message: 'stop' });
    expect(toErrorInfo(new Error('x'))).toEqual({ code: 'internal', message: 'x' });
    expect(toErrorInfo('text')).toEqual({ code: 'internal', message: 'text' });
  });
});
