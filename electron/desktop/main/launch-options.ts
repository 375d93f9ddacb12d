/**
 * Command-line options of the desktop app (`npm start -- --pack <folder> --provider cpu`), the
 * same names as the CLI's. Unknown arguments (Chromium's own switches, ".") are ignored.
 */
import { parseArgs } from 'node:util';
import { ProviderRequestSchema, type ProviderRequest } from '../../engine/runtime/providers';

export interface LaunchOptions {
  readonly pack?: string;
  readonly provider: ProviderRequest;
  /** Why an option was ignored, for the log. */
  readonly warnings: string[];
}

export function parseLaunchOptions(argv: readonly string[]): LaunchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: { pack: { type: 'string' }, provider: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  const warnings: string[] = [];
  const pack = typeof values.pack === 'string' && values.pack !== '' ? values.pack : undefined;
  const provider = ProviderRequestSchema.safeParse(values.provider ?? 'auto');
  if (!provider.success) warnings.push(`--provider ${String(values.provider)}: unknown provider, using auto`);
  return { pack, provider: provider.success ? provider.data : 'auto', warnings };
}
