/**
 * Command-line parsing on node:util parseArgs (strict: an unknown option is a usage error), with
 * the options every command shares, and zod for values that must be numbers, k/n, id=value….
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { ProviderRequestSchema, type ProviderRequest } from '../engine/runtime/providers';
import { UsageError } from './exit-codes';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  pack: { type: 'string' },
  provider: { type: 'string' },
  threads: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export const COMMON_HELP = `Common options:
  --pack <id|folder>     model pack (default: fashion-mnist, else the first valid pack)
  --provider <name>      auto (default), cpu, webgpu, cuda, dml (Windows), coreml (macOS)
  --threads <n>          CPU threads per network (default: onnxruntime's choice)
  --json                 machine-readable output on stdout
  -q, --quiet            no status lines on stderr
  -h, --help             this help`;

export interface Parsed<V> {
  readonly values: V;
  readonly positionals: string[];
}

export function parse<O extends Options>(argv: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...argv], options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

/** Validates one option value with a zod schema; a failure is a UsageError naming the option. */
export function option<T>(name: string, value: unknown, schema: z.ZodType<T>): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new UsageError(`--${name}: ${result.error.issues[0]?.message ?? 'invalid value'}`);
  return result.data;
}

export const IntSchema = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .regex(/^-?\d+$/, 'expected an integer')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `expected an integer from ${min} to ${max}`);

export function providerOption(value: string | undefined): ProviderRequest {
  return option('provider', value ?? 'auto', ProviderRequestSchema);
}

export function threadsOption(value: string | undefined): number | undefined {
  return value === undefined ? undefined : option('threads', value, IntSchema(1, 256));
}

/** `id=value` pairs of --set (repeatable). */
export function sliderValues(pairs: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pair of pairs) {
    const m = /^([a-z0-9][a-z0-9-]*)=(-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)$/i.exec(pair);
    if (!m) throw new UsageError(`--set ${pair}: use <direction>=<value>, e.g. --set darker=1.5`);
    out[m[1]!] = Number(m[2]);
  }
  return out;
}

/** Exactly `n` positionals, else a usage error that says which are expected. */
export function positionals(list: readonly string[], names: readonly string[]): string[] {
  if (list.length !== names.length) {
    const want = names.map((n) => `<${n}>`).join(' ');
    throw new UsageError(list.length < names.length ? `missing ${want.split(' ').slice(list.length).join(' ')}` : `unexpected argument "${list[names.length]}"`);
  }
  return [...list];
}
