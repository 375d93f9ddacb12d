#!/usr/bin/env node
/**
 * `npm run test:python`: the training pipeline's pytest suite (training/tests), run with the
 * interpreter that has Debian's torch. A missing module fails loudly with the apt-get line that
 * fixes it; a silent skip would let CI pass without running the Python tests at all.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const testsDir = path.join(root, 'training', 'tests');

/**
 * Python module → the Debian package that provides it: pyproject.toml's [tool.reseed.debian]
 * table, the one list of the pipeline's dependencies (lines `module = "package"`).
 */
function debianModules(pyprojectText) {
  const modules = {};
  let inTable = false;
  for (const raw of pyprojectText.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line.startsWith('[')) {
      inTable = line === '[tool.reseed.debian]';
      continue;
    }
    const entry = inTable ? /^([A-Za-z_][\w.]*)\s*=\s*"([^"]+)"$/.exec(line) : null;
    if (entry) modules[entry[1]] = entry[2];
  }
  if (Object.keys(modules).length === 0) throw new Error('pyproject.toml: no [tool.reseed.debian] table of modules');
  return modules;
}

const MODULES = debianModules(readFileSync(path.join(root, 'pyproject.toml'), 'utf8'));

// Debian's torch is installed for /usr/bin/python3 only; a pyenv or venv `python3` earlier on PATH
// usually lacks it, so the system interpreter is tried first. RESEED_PYTHON overrides both.
const CANDIDATES = [process.env.RESEED_PYTHON, '/usr/bin/python3', 'python3'].filter(Boolean);

function testFiles(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== '__pycache__') found.push(...testFiles(full));
    else if (/^test_.*\.py$|_test\.py$/.test(entry.name)) found.push(full);
  }
  return found;
}

/** The modules this interpreter cannot import, or null when the interpreter does not run. */
function missingModules(python) {
  const probe = [
    'import importlib.util, json, sys',
    `names = ${JSON.stringify(Object.keys(MODULES))}`,
    'print(json.dumps([n for n in names if importlib.util.find_spec(n) is None]))',
  ].join('\n');
  const run = spawnSync(python, ['-c', probe], { encoding: 'utf8' });
  if (run.error || run.status !== 0) return null;
  try {
    return JSON.parse(run.stdout.trim().split('\n').pop() ?? '[]');
  } catch {
    return null;
  }
}

if (!existsSync(testsDir)) {
  console.log('test:python: training/tests does not exist yet; no Python tests to run.');
  process.exit(0);
}
const files = testFiles(testsDir);
if (files.length === 0) {
  console.log('test:python: training/tests has no test files yet; nothing to run.');
  process.exit(0);
}

let python = null;
let bestMissing = null;
for (const candidate of CANDIDATES) {
  const missing = missingModules(candidate);
  if (missing === null) continue;
  if (missing.length === 0) {
    python = candidate;
    break;
  }
  if (bestMissing === null || missing.length < bestMissing.missing.length) bestMissing = { candidate, missing };
}

if (python === null) {
  if (bestMissing === null) {
    console.error('test:python: no Python 3 interpreter found (tried ' + CANDIDATES.join(', ') + ').');
    console.error('Install it with: sudo apt-get install -y python3 ' + Object.values(MODULES).join(' '));
  } else {
    const packages = bestMissing.missing.map((m) => MODULES[m]);
    console.error(`test:python: ${bestMissing.candidate} lacks the modules ${bestMissing.missing.join(', ')}.`);
    console.error(`Install them with: sudo apt-get install -y ${packages.join(' ')}`);
    console.error('(or run bash scripts/install-deps.sh, which installs everything the tests need)');
  }
  process.exit(1);
}

const pytest = spawnSync(python, ['-m', 'pytest', '-q', 'training/tests', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
if (pytest.error) {
  console.error(`test:python: could not run ${python}: ${pytest.error.message}`);
  process.exit(1);
}
// pytest's 5 means "no tests collected": a failure here, since test files exist.
if (pytest.status === 5) {
  console.error(`test:python: pytest collected no tests from ${files.length} test file(s).`);
  process.exit(1);
}
process.exit(pytest.status ?? 1);
