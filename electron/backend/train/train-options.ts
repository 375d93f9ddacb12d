/**
 * The options of a training run (`reseed train`), validated with zod, and the command line that
 * runs it: `python3 -m training train-folder …` in one process, or under PyTorch's launcher
 * (`python3 -m training.launch`: torch.distributed.run, --nproc_per_node N … -m training train-folder …) for
 * --gpus N; --nnodes/--node-rank/--master-addr/--master-port pass through for several machines.
 */
import { z } from 'zod';

export const PresetSchema = z.enum(['tiny', 'small', 'paper-64']);
export const DeviceSchema = z.enum(['auto', 'cpu', 'cuda']);
export const CropSchema = z.enum(['centre', 'face']);

export const TrainOptionsSchema = z.object({
  folder: z.string().min(1),
  name: z.string().trim().min(1).max(80),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
  runDir: z.string().min(1),
  preset: PresetSchema.default('tiny'),
  size: z.number().int().min(8).max(1024).optional(),
  channels: z.number().int().min(4).max(1024).optional(),
  steps: z.number().int().min(1).optional(),
  device: DeviceSchema.default('auto'),
  labels: z.string().min(1).optional(),
  crop: CropSchema.default('centre'),
  refiner: z.boolean().default(false),
  threads: z.number().int().min(1).max(256).optional(),
  gpus: z.number().int().min(1).max(64).default(1),
  nnodes: z.number().int().min(1).max(1024).default(1),
  nodeRank: z.number().int().min(0).default(0),
  masterAddr: z.string().min(1).optional(),
  masterPort: z.number().int().min(1).max(65535).default(29500),
});
export type TrainOptions = z.infer<typeof TrainOptionsSchema>;

/** A pack id from a display name: kebab-case, as pack.json requires. */
export function packIdFor(name: string): string {
  const id = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return id === '' ? 'my-pack' : /^[a-z0-9]/.test(id) ? id : `p-${id}`;
}

function pipelineArgs(o: TrainOptions): string[] {
  const args = [o.folder, '--name', o.name, '--id', o.id, '--run-dir', o.runDir, '--preset', o.preset, '--device', o.device, '--crop', o.crop];
  if (o.size !== undefined) args.push('--size', String(o.size));
  if (o.channels !== undefined) args.push('--channels', String(o.channels));
  if (o.steps !== undefined) args.push('--steps', String(o.steps));
  if (o.labels !== undefined) args.push('--labels', o.labels);
  if (o.threads !== undefined) args.push('--threads', String(o.threads));
  if (o.refiner) args.push('--refiner');
  return args;
}

/** The launcher's options: one machine (--standalone) or a static rendezvous at the master. */
function launcherArgs(o: TrainOptions): string[] {
  // training.launch is torch.distributed.run with a fix for Debian's torch 1.13 on Python 3.11.
  const args = ['-m', 'training.launch', '--nproc_per_node', String(o.gpus)];
  if (o.nnodes > 1) {
    args.push('--nnodes', String(o.nnodes), '--node_rank', String(o.nodeRank));
    args.push('--master_addr', o.masterAddr ?? '127.0.0.1', '--master_port', String(o.masterPort));
  } else {
    args.push('--standalone');
  }
  return args;
}

export function distributed(o: TrainOptions): boolean {
  return o.gpus > 1 || o.nnodes > 1;
}

/** argv after the Python executable. */
export function pythonArgs(o: TrainOptions): string[] {
  const pipeline = ['-m', 'training', 'train-folder', ...pipelineArgs(o)];
  return distributed(o) ? [...launcherArgs(o), ...pipeline] : pipeline;
}
