/**
 * `reseed train <folder> --name <name>`: trains a pack on the user's own pictures with the Python
 * pipeline (training/own_folder_cli.py) and installs it into the user's packs folder, so the
 * editor and `reseed info` list it at once. Rerunning the same command resumes the run kept in
 * <user data>/training/<id>/.
 */
import { existsSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { repositoryRoot } from '../../backend/resources';
import { resolveUserData } from '../../backend/user-data';
import { installTrainedPack, isTrainedPack, PackTakenError } from '../../backend/train/pack-install';
import { findPython, PythonNotFoundError } from '../../backend/train/python-finder';
import { CropSchema, DeviceSchema, packIdFor, PresetSchema, TrainOptionsSchema, type TrainOptions } from '../../backend/train/train-options';
import { runTraining } from '../../backend/train/train-runner';
import { discoverPacks } from '../../engine/packs/pack-discovery';
import { OutputError } from '../../engine/errors';
import { IntSchema, option, parse, positionals } from '../args';
import type { Command } from '../command';
import { EXIT, UsageError } from '../exit-codes';
import { result, showHelp, status, type CliIO } from '../io';
import { TrainView } from '../train-view';

const help = `Usage: reseed train <folder> --name <name> [options]

Trains a model pack on the pictures in <folder> (recursive; at least 100 usable ones; unreadable
files are listed and skipped; pictures are centre-cropped to squares) and installs it in your
packs folder. Every stage runs in turn: denoiser, embedder, refiner (--refiner), attribute
classifier (with --labels), directions, evaluation, export. Rerun the same command to resume
after Ctrl-C or a crash. Needs Python 3 with PyTorch (Debian: sudo apt-get install python3-torch
python3-onnx python3-numpy python3-yaml python3-pil python3-jsonschema; or set RESEED_PYTHON).

Options:
  --name <name>          the pack's name (its id is made from it); required
  --preset <p>           tiny (a smoke test, minutes), small (a CPU night), paper-64 (a GPU); default tiny
  --size <px>            model resolution override (a multiple of 4 or 8, by preset)
  --channels <n>         first network width override (the others keep the preset's ratios)
  --steps <n>            denoiser steps override (the other stages scale with it)
  --labels <file>        a CSV (path relative to <folder>, then one column per attribute: 0/1, -1/1
                         or ordinal numbers) or CelebA's list_attr_celeba.txt: one slider per column.
                         Without: sliders from the principal components of the seeds
  --crop <centre|face>   face: the pack crops around faces in the editor (training stays centre-cropped)
  --refiner              also train the refiner network
  --device <d>           auto (default), cpu, cuda
  --gpus <n>             processes under torch.distributed.run (DDP: NCCL on CUDA, gloo on the CPU)
  --nnodes <n> --node-rank <k> --master-addr <host> --master-port <port>
                         several machines: run the same command on each, --node-rank 0..n-1
  --threads <n>          CPU threads (default: up to 8)
  --out <folder>         install the pack here instead of your packs folder
  --pack, --provider     not used: the new pack is checked on the CPU
  --json                 progress and the result as JSON lines on stdout
  -q, --quiet            no progress
  -h, --help             this help

Exit status: 0 done, 2 bad input (folder, labels, options), 4 failed, 130 stopped (resumable).

Example:
  reseed train ~/Pictures/products --name "My products" --preset small`;

function intOption(name: string, value: string | undefined, min: number, max?: number): number | undefined {
  return value === undefined ? undefined : option(name, value, IntSchema(min, max));
}

function absolute(io: CliIO, p: string): string {
  return isAbsolute(p) ? p : resolve(io.cwd, p);
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'train a pack on your own pictures',
  help,
  async run(argv, io) {
    const { values, positionals: rest } = parse(argv, {
      name: { type: 'string' },
      preset: { type: 'string' },
      size: { type: 'string' },
      channels: { type: 'string' },
      steps: { type: 'string' },
      labels: { type: 'string' },
      crop: { type: 'string' },
      refiner: { type: 'boolean' },
      device: { type: 'string' },
      gpus: { type: 'string' },
      nnodes: { type: 'string' },
      'node-rank': { type: 'string' },
      'master-addr': { type: 'string' },
      'master-port': { type: 'string' },
      out: { type: 'string' },
    });
    if (values.help) return showHelp(io, help);
    const [folderArg] = positionals(rest, ['folder']);
    if (values.name === undefined || values.name.trim() === '') throw new UsageError('--name is required');
    const folder = absolute(io, folderArg!);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`${folder}: no such folder`);
    const labels = values.labels === undefined ? undefined : absolute(io, values.labels);
    if (labels !== undefined && !existsSync(labels)) throw new UsageError(`--labels ${labels}: no such file`);
    const userData = resolveUserData({ env: io.env });
    const id = packIdFor(values.name);
    const packsDir = values.out === undefined ? userData.packs : absolute(io, values.out);
    const parsed = TrainOptionsSchema.safeParse({
      folder,
      name: values.name,
      id,
      runDir: join(userData.root, 'training', id),
      preset: values.preset === undefined ? undefined : option('preset', values.preset, PresetSchema),
      size: intOption('size', values.size, 8, 1024),
      channels: intOption('channels', values.channels, 4, 1024),
      steps: intOption('steps', values.steps, 1),
      device: values.device === undefined ? undefined : option('device', values.device, DeviceSchema),
      labels,
      crop: values.crop === undefined ? undefined : option('crop', values.crop, CropSchema),
      refiner: values.refiner ?? false,
      threads: intOption('threads', values.threads, 1, 256),
      gpus: intOption('gpus', values.gpus, 1, 64),
      nnodes: intOption('nnodes', values.nnodes, 1, 1024),
      nodeRank: intOption('node-rank', values['node-rank'], 0),
      masterAddr: values['master-addr'],
      masterPort: intOption('master-port', values['master-port'], 1, 65535),
    });
    if (!parsed.success) throw new UsageError(parsed.error.issues[0]?.message ?? 'invalid options');
    const o: TrainOptions = parsed.data;
    if (o.nodeRank >= o.nnodes) throw new UsageError(`--node-rank ${o.nodeRank}: must be below --nnodes ${o.nnodes}`);
    const builtIn = discoverPacks([{ dir: join(repositoryRoot(), 'models'), source: 'app' }]).find((p) => p.id === id);
    if (builtIn) throw new UsageError(`--name "${o.name}": the pack id "${id}" is a built-in pack's; choose another name`);
    const target = join(packsDir, id);
    if (existsSync(target) && !(await isTrainedPack(target))) {
      throw new UsageError(`--name "${o.name}": ${target} holds a pack you did not train here; choose another name`);
    }

    let python;
    try {
      python = await findPython(io.env);
    } catch (error) {
      if (error instanceof PythonNotFoundError) throw new OutputError('python3', error.message);
      throw error;
    }
    const freshRun = !existsSync(o.runDir);
    const mode = values.json ? 'json' : values.quiet ? 'none' : io.isTTY ? 'bar' : 'log';
    const view = new TrainView(io, mode);
    status(io, values, `training "${o.name}" (${id}) with ${python.python} (Python ${python.version}); run folder ${o.runDir}`);
    const run = await runTraining(o, { python: python.python, cwd: repositoryRoot(), env: io.env, signal: io.signal, onEvent: (e) => view.event(e) });
    view.finish();

    if (run.code === 2 || run.error?.code === 'bad-input') {
      // Bad input: nothing was trained; a run folder this command made is removed again.
      if (freshRun) await rm(o.runDir, { recursive: true, force: true });
      throw new UsageError(run.error?.message ?? 'bad input');
    }
    if (run.code === 130 || io.signal.aborted) {
      status(io, values, `stopped; run the same command again to resume (${o.runDir})`);
      if (values.json) io.stdout(JSON.stringify({ type: 'error', fatal: true, exitCode: EXIT.interrupted, code: 'cancelled', error: 'interrupted' }) + '\n');
      return EXIT.interrupted;
    }
    if (run.code === 0 && run.done === null && o.nodeRank > 0) {
      // Another machine of a multi-node run: its share (the distributed denoiser) is done; node 0
      // runs the stages after it and installs the pack.
      result(io, values, { type: 'result', id, pack: null, runDir: o.runDir }, `node ${o.nodeRank}: done; node 0 finishes and installs the pack`);
      return EXIT.ok;
    }
    if (run.code !== 0 || run.done === null) {
      const why = run.error?.message ?? run.stderrTail.at(-1) ?? `the pipeline exited with ${run.code ?? run.signal}`;
      throw new OutputError(o.runDir, `training failed: ${why} (details: train.log there)`);
    }
    let installed: string;
    try {
      installed = await installTrainedPack(run.done.pack, packsDir, id);
    } catch (error) {
      if (error instanceof PackTakenError) throw new UsageError(error.message);
      throw error;
    }
    const report = join(installed, 'report', 'report.md');
    result(io, values, { type: 'result', id, pack: installed, report, runDir: o.runDir }, `pack ${id} installed: ${installed}\nreport: ${report}`);
    return EXIT.ok;
  },
};
