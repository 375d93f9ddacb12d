/**
 * Runs the training pipeline as a child process from the repository root, turns its stdout into
 * events (progress-parser.ts), keeps the tail of its stderr for a failure's message (the whole of
 * it goes to <run>/train.log), and on abort asks it to stop (SIGINT: the stage in flight writes its
 * checkpoint; a rerun resumes) rather than killing it.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LineSplitter, parseTrainLine, type TrainEvent } from './progress-parser';
import { pythonArgs, type TrainOptions } from './train-options';

export interface RunResult {
  /** The child's exit code (null when a signal ended it). */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The last error event, if the pipeline printed one. */
  readonly error: { code: string; message: string } | null;
  /** The done event: the exported pack and its report. */
  readonly done: { pack: string; report: string; id: string } | null;
  /** Last lines of stderr (a traceback's end), for an unexpected failure. */
  readonly stderrTail: string[];
}

export interface RunOptions {
  readonly python: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly signal: AbortSignal;
  readonly onEvent: (event: TrainEvent) => void;
}

export function runTraining(o: TrainOptions, run: RunOptions): Promise<RunResult> {
  mkdirSync(o.runDir, { recursive: true });
  const log = createWriteStream(join(o.runDir, 'train.log'), { flags: 'a' });
  const child = spawn(run.python, pythonArgs(o), {
    cwd: run.cwd,
    // OMP's spinning threads cost a lot on a busy machine (docs/training.md); unbuffered output
    // so progress arrives as it happens.
    env: { OMP_WAIT_POLICY: 'PASSIVE', ...run.env, PYTHONUNBUFFERED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let error: RunResult['error'] = null;
  let done: RunResult['done'] = null;
  const tail: string[] = [];
  const out = new LineSplitter();
  const handle = (line: string) => {
    const event = parseTrainLine(line);
    if (event === null) return;
    if (event.type === 'error') error = { code: event.code, message: event.message };
    if (event.type === 'done') done = { pack: event.pack, report: event.report, id: event.id };
    run.onEvent(event);
  };
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => out.push(chunk).forEach(handle));
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    log.write(chunk);
    for (const line of chunk.split('\n').filter((l) => l.trim() !== '')) {
      tail.push(line);
      if (tail.length > 20) tail.shift();
    }
  });
  const stop = () => child.kill('SIGINT');
  if (run.signal.aborted) stop();
  run.signal.addEventListener('abort', stop, { once: true });
  return new Promise((resolve, reject) => {
    child.on('error', (e) => {
      run.signal.removeEventListener('abort', stop);
      log.end();
      reject(e);
    });
    child.on('close', (code, signal) => {
      out.end().forEach(handle);
      run.signal.removeEventListener('abort', stop);
      log.end();
      resolve({ code, signal, error, done, stderrTail: tail });
    });
  });
}
