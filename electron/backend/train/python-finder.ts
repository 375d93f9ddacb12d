/**
 * Finds a Python that can run the training pipeline (training/): Debian's /usr/bin/python3 first
 * (on Debian the python3 first on PATH may be another one, without torch), then $RESEED_PYTHON,
 * then python3 on PATH. Each candidate is asked which of the modules the pipeline imports it
 * lacks; the first that has them all is used. When none has, the error names the modules the best
 * candidate lacks and the apt-get line that installs them.
 */
import { spawn } from 'node:child_process';

/** The modules `reseed train` needs, and the Debian package of each (pyproject.toml [tool.reseed.debian]). */
export const REQUIRED_MODULES: Readonly<Record<string, string>> = {
  torch: 'python3-torch',
  onnx: 'python3-onnx',
  numpy: 'python3-numpy',
  yaml: 'python3-yaml',
  PIL: 'python3-pil',
  jsonschema: 'python3-jsonschema',
};

export interface ProbeResult {
  /** Modules that failed to import. */
  readonly missing: readonly string[];
  readonly version: string;
}

/** Runs `python -c …`: null when the program does not start at all. */
export type Probe = (python: string) => Promise<ProbeResult | null>;

export interface FoundPython {
  readonly python: string;
  readonly version: string;
}

export class PythonNotFoundError extends Error {
  override name = 'PythonNotFoundError';
}

const PROBE_SCRIPT = [
  'import importlib, json, sys',
  'missing = []',
  'for m in sys.argv[1:]:',
  '    try: importlib.import_module(m)',
  '    except Exception: missing.append(m)',
  'print(json.dumps({"missing": missing, "version": sys.version.split()[0]}))',
].join('\n');

/** The default probe: imports every module in a child process (torch takes a second or two). */
export const spawnProbe: Probe = (python) =>
  new Promise((resolve) => {
    let out = '';
    const child = spawn(python, ['-c', PROBE_SCRIPT, ...Object.keys(REQUIRED_MODULES)], { stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', () => resolve(null));
    child.on('close', (code) => {
      try {
        const parsed = JSON.parse(out.trim().split('\n').pop() ?? '') as ProbeResult;
        resolve(code === 0 && Array.isArray(parsed.missing) ? parsed : null);
      } catch {
        resolve(null);
      }
    });
  });

/** The candidates in the order they are tried, without repeats. */
export function pythonCandidates(env: NodeJS.ProcessEnv): string[] {
  const list = ['/usr/bin/python3', env.RESEED_PYTHON?.trim(), 'python3'].filter((p): p is string => p !== undefined && p !== '');
  return [...new Set(list)];
}

export function installHint(missing: readonly string[]): string {
  const packages = missing.map((m) => REQUIRED_MODULES[m] ?? `python3-${m.toLowerCase()}`);
  return `sudo apt-get install ${packages.join(' ')}`;
}

export async function findPython(env: NodeJS.ProcessEnv, probe: Probe = spawnProbe): Promise<FoundPython> {
  let best: { python: string; missing: readonly string[] } | null = null;
  for (const python of pythonCandidates(env)) {
    const result = await probe(python);
    if (result === null) continue;
    if (result.missing.length === 0) return { python, version: result.version };
    if (best === null || result.missing.length < best.missing.length) best = { python, missing: result.missing };
  }
  if (best === null) {
    throw new PythonNotFoundError(`no Python 3 found (tried ${pythonCandidates(env).join(', ')}); install it: ${installHint(Object.keys(REQUIRED_MODULES))} (or set RESEED_PYTHON)`);
  }
  const names = best.missing.join(', ');
  throw new PythonNotFoundError(`${best.python} lacks the Python module${best.missing.length > 1 ? 's' : ''} ${names}; install: ${installHint(best.missing)} (or set RESEED_PYTHON to a Python that has them)`);
}
