#!/usr/bin/env node
/**
 * Fails when the tracked tree grows past what a fresh clone and the accelerator machine take
 * (issue #16): more than 60 MB of tracked files in all (the accelerator takes a working tree under
 * 64 MiB), or any one tracked file over 10 MB (a checkpoint with optimizer state, a dataset, a
 * log). Sizes are the files' sizes in the working tree, as `git ls-files -z | xargs -0 du -cb`
 * counts them; 1 MB = 10^6 bytes.
 *
 *   node scripts/check-repo-size.mjs [--max-total-mb 60] [--max-file-mb 10] [--untracked] [--root DIR]
 *
 * --untracked also counts the untracked files git does not ignore (what a copy of the working
 * tree carries, e.g. to the accelerator machine). docs/training.md says what to commit instead.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const MB = 1e6;

const { values } = parseArgs({
  options: {
    'max-total-mb': { type: 'string', default: '60' },
    'max-file-mb': { type: 'string', default: '10' },
    untracked: { type: 'boolean', default: false },
    root: { type: 'string' },
  },
});
const root = path.resolve(values.root ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const maxTotal = Number(values['max-total-mb']) * MB;
const maxFile = Number(values['max-file-mb']) * MB;
if (!(maxTotal > 0) || !(maxFile > 0)) {
  console.error('check-repo-size: --max-total-mb and --max-file-mb take positive numbers');
  process.exit(2);
}

function git(...args) {
  const run = spawnSync('git', ['-C', root, ...args], { encoding: 'buffer', maxBuffer: 1 << 28 });
  if (run.error || run.status !== 0) {
    console.error(`check-repo-size: git ${args.join(' ')} failed in ${root}: ${run.error?.message ?? run.stderr.toString().trim()}`);
    process.exit(2);
  }
  return run.stdout.toString('utf8').split('\0').filter(Boolean);
}

const names = new Set(git('ls-files', '-z'));
if (values.untracked) for (const name of git('ls-files', '-z', '--others', '--exclude-standard')) names.add(name);

const files = [];
for (const name of names) {
  try {
    files.push({ name, bytes: lstatSync(path.join(root, name)).size });
  } catch {
    // Deleted in the working tree but still in the index: nothing to carry.
  }
}
files.sort((a, b) => b.bytes - a.bytes);
const total = files.reduce((sum, f) => sum + f.bytes, 0);
const mb = (bytes) => `${(bytes / MB).toFixed(1)} MB`;
const what = values.untracked ? 'tracked and untracked (not ignored)' : 'tracked';

const problems = [];
if (total > maxTotal) problems.push(`the ${what} files come to ${mb(total)}, over the limit of ${mb(maxTotal)}`);
for (const f of files.filter((f) => f.bytes > maxFile)) problems.push(`${f.name} is ${mb(f.bytes)}, over the per-file limit of ${mb(maxFile)}`);

console.log(`check-repo-size: ${files.length} ${what} files, ${mb(total)} (limit ${mb(maxTotal)}); ` +
  `largest ${files[0] ? `${files[0].name}, ${mb(files[0].bytes)}` : '—'} (limit ${mb(maxFile)} a file)`);
if (problems.length > 0) {
  for (const p of problems) console.error(`check-repo-size: ${p}`);
  console.error('Largest files:');
  for (const f of files.slice(0, 10)) console.error(`  ${mb(f.bytes).padStart(9)}  ${f.name}`);
  console.error('Commit slim checkpoints only, and keep logs, caches and sample dumps out of git (docs/training.md, "Checkpoints").');
  process.exit(1);
}
