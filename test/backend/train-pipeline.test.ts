/**
 * `reseed train`'s Node side: finding a Python with the pipeline's modules (in the order
 * /usr/bin/python3, $RESEED_PYTHON, python3), the progress lines the pipeline prints, the
 * launcher's command line for --gpus, and the pack id made from a name.
 */
import { describe, expect, it } from 'vitest';
import { LineSplitter, nextStatus, parseTrainLine, type TrainStatus } from '../../electron/backend/train/progress-parser';
import { findPython, installHint, pythonCandidates, type Probe } from '../../electron/backend/train/python-finder';
import { packIdFor, pythonArgs, TrainOptionsSchema } from '../../electron/backend/train/train-options';
import { statusText } from '../../electron/cli/train-view';

const ALL = { missing: [], version: '3.11.2' };

function probeOf(table: Record<string, { missing: string[]; version: string } | null>): { probe: Probe; asked: string[] } {
  const asked: string[] = [];
  return { asked, probe: async (python) => (asked.push(python), table[python] ?? null) };
}

describe('the Python finder', () => {
  it('tries /usr/bin/python3, then RESEED_PYTHON, then python3 on PATH', () => {
    expect(pythonCandidates({ RESEED_PYTHON: '/opt/py/bin/python' })).toEqual(['/usr/bin/python3', '/opt/py/bin/python', 'python3']);
    expect(pythonCandidates({})).toEqual(['/usr/bin/python3', 'python3']);
  });

  it('takes the first candidate that has every module', async () => {
    const { probe, asked } = probeOf({ '/usr/bin/python3': { missing: ['torch'], version: '3.11' }, '/opt/py': ALL });
    await expect(findPython({ RESEED_PYTHON: '/opt/py' }, probe)).resolves.toEqual({ python: '/opt/py', version: '3.11.2' });
    expect(asked).toEqual(['/usr/bin/python3', '/opt/py']);
  });

  it('names exactly the missing modules and the apt-get line', async () => {
    const { probe } = probeOf({ '/usr/bin/python3': { missing: ['torch', 'onnx'], version: '3.11' }, python3: { missing: ['torch', 'onnx', 'PIL'], version: '3.12' } });
    await expect(findPython({}, probe)).rejects.toThrow('/usr/bin/python3 lacks the Python modules torch, onnx; install: sudo apt-get install python3-torch python3-onnx');
    const one = probeOf({ '/usr/bin/python3': { missing: ['yaml'], version: '3.11' } });
    await expect(findPython({}, one.probe)).rejects.toThrow(/lacks the Python module yaml; install: sudo apt-get install python3-yaml \(or set RESEED_PYTHON/);
    expect(installHint(['PIL', 'jsonschema'])).toBe('sudo apt-get install python3-pil python3-jsonschema');
  });

  it('says so when no Python starts at all', async () => {
    await expect(findPython({}, probeOf({}).probe)).rejects.toThrow(/no Python 3 found \(tried \/usr\/bin\/python3, python3\)/);
  });
});

describe('the progress parser', () => {
  it('reads the pipeline’s JSON lines and keeps anything else as text', () => {
    expect(parseTrainLine('{"type": "stage", "index": 2, "count": 7, "name": "denoiser"}')).toEqual({ type: 'stage', index: 2, count: 7, name: 'denoiser' });
    const step = parseTrainLine('{"type": "step", "stage": "denoiser", "step": 120, "total": 200, "loss": 0.2134, "imagesPerSecond": 905.8, "secondsLeft": 6.5}');
    expect(step).toMatchObject({ type: 'step', step: 120, loss: 0.2134 });
    expect(parseTrainLine('{"type": "step", "stage": "x"}')).toEqual({ type: 'text', text: '{"type": "step", "stage": "x"}' });
    expect(parseTrainLine('{not json')).toEqual({ type: 'text', text: '{not json' });
    expect(parseTrainLine('   ')).toBeNull();
    expect(parseTrainLine('{"type": "error", "code": "bad-input", "message": "x: 3 usable pictures"}')).toEqual({ type: 'error', code: 'bad-input', message: 'x: 3 usable pictures' });
  });

  it('splits chunks into lines across chunk boundaries', () => {
    const s = new LineSplitter();
    expect(s.push('{"type": "log", "mess')).toEqual([]);
    expect(s.push('age": "a"}\n{"type"')).toEqual(['{"type": "log", "message": "a"}']);
    expect(s.end()).toEqual(['{"type"']);
  });

  it('makes one display: stage k of n, step, loss, images/s, time left', () => {
    let status: TrainStatus = { stage: '', index: 0, count: 0, step: null };
    status = nextStatus(status, { type: 'stage', index: 2, count: 7, name: 'denoiser' });
    expect(statusText(status)).toBe('stage 2 of 7 denoiser');
    status = nextStatus(status, { type: 'step', stage: 'denoiser', step: 120, total: 200, loss: 0.21345, imagesPerSecond: 905.8, secondsLeft: 66 });
    expect(statusText(status)).toBe('stage 2 of 7 denoiser · step 120/200 · loss 0.2135 · 906 img/s · 1:06 left');
    status = nextStatus(status, { type: 'stage', index: 3, count: 7, name: 'embedder' });
    expect(status.step).toBeNull();
  });
});

describe('the training command line', () => {
  const base = { folder: '/data/pics', name: 'My pics', id: 'my-pics', runDir: '/home/u/.local/share/reseed/training/my-pics' };

  it('runs the pipeline in one process by default', () => {
    const o = TrainOptionsSchema.parse({ ...base, labels: '/data/labels.csv', steps: 500 });
    expect(pythonArgs(o)).toEqual(['-m', 'training', 'train-folder', '/data/pics', '--name', 'My pics', '--id', 'my-pics', '--run-dir', base.runDir, '--preset', 'tiny', '--device', 'auto', '--crop', 'centre', '--steps', '500', '--labels', '/data/labels.csv']);
  });

  it('runs it under torch.distributed.run for --gpus and several machines', () => {
    expect(pythonArgs(TrainOptionsSchema.parse({ ...base, gpus: 2 })).slice(0, 6)).toEqual(['-m', 'training.launch', '--nproc_per_node', '2', '--standalone', '-m']);
    const multi = pythonArgs(TrainOptionsSchema.parse({ ...base, gpus: 4, nnodes: 2, nodeRank: 1, masterAddr: 'node0' }));
    expect(multi.slice(0, 13)).toEqual(['-m', 'training.launch', '--nproc_per_node', '4', '--nnodes', '2', '--node_rank', '1', '--master_addr', 'node0', '--master_port', '29500', '-m']);
  });

  it('makes a kebab-case pack id from the name', () => {
    expect(packIdFor('My Products (2024)')).toBe('my-products-2024');
    expect(packIdFor('Café portraits')).toBe('cafe-portraits');
    expect(packIdFor('!!!')).toBe('my-pack');
  });
});
