/**
 * Runs face detection in a worker thread. The Viola-Jones scan (viola-jones.ts) is synchronous
 * and takes ~0.5 s a photo on a busy CPU; on the service's own thread it froze progress events
 * and every other request meanwhile. One worker is started on the first request and reused;
 * requests are matched to replies by id (the worker answers them in order, one at a time).
 *
 * If the worker dies (a crash, an uncaught error, terminate()), the requests it held are
 * rejected with a FaceDetectionError saying so and the next request starts a fresh worker: a
 * broken detector never takes the service down with it. The worker is unref'd while idle so a
 * CLI command or a test process can exit without closing it; while a request waits it is ref'd,
 * or the process could exit with that request's promise never settled.
 *
 * Where the worker entry is: the bundled app has face-detect-worker.js next to its bundle
 * (scripts/build-electron.mjs emits it as a second entry beside index.js); from the TypeScript
 * sources (tests, `reseed serve`, the CLI under tsx) only face-detect-worker.ts exists, and a
 * fresh thread has no TypeScript loader, so it is imported through tsx's API in that thread.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FaceBox } from './viola-jones';

export interface DetectRequest {
  readonly id: number;
  readonly pixels: Uint8Array | Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
  readonly channels: number;
}

export type DetectReply = { readonly id: number; readonly faces: FaceBox[] } | { readonly id: number; readonly error: string };

/** Face detection could not run: the detector failed on this picture, or its worker died. */
export class FaceDetectionError extends Error {
  override readonly name = 'FaceDetectionError';
}

const WORKER_NAME = 'face-detect-worker';

/** The worker entry beside this module: the bundled .js when it exists, else the .ts source. */
export function faceWorkerEntry(dir = path.dirname(fileURLToPath(import.meta.url))): string {
  const built = path.join(dir, `${WORKER_NAME}.js`);
  return existsSync(built) ? built : path.join(dir, `${WORKER_NAME}.ts`);
}

/**
 * Started as an eval'd (CommonJS) script when the entry is TypeScript: imports the entry with
 * tsx's tsImport, which scopes its loader to that import. A load failure is rethrown outside the
 * promise so it surfaces as the worker's 'error' event whatever --unhandled-rejections says.
 */
const TSX_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi)
  .then((tsx) => tsx.tsImport(workerData.entry, { parentURL: workerData.entry, tsconfig: false }))
  .catch((error) => setImmediate(() => { throw error; }));
`;

/**
 * tsx's ESM API. Its CommonJS build (what require.resolve finds: only the `require` condition is
 * seen) mis-resolves its own hooks file from an eval'd worker, so the ESM file beside it is used.
 */
function tsxApiUrl(): string {
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  return pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href;
}

function startWorker(entry: string): Worker {
  if (!entry.endsWith('.ts')) return new Worker(entry, { name: WORKER_NAME });
  const workerData = { tsxApi: tsxApiUrl(), entry: pathToFileURL(entry).href };
  return new Worker(TSX_BOOTSTRAP, { eval: true, workerData, name: WORKER_NAME });
}

interface Pending {
  readonly resolve: (faces: FaceBox[]) => void;
  readonly reject: (error: Error) => void;
}

export class FaceDetectorThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  /** `entry` finds the worker script; tests pass one that misbehaves on purpose. */
  constructor(private readonly entry: () => string = faceWorkerEntry) {}

  /** Whether a worker is running now (it starts on the first request). */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** The faces in interleaved 8-bit pixels, found in the worker (see viola-jones.ts). */
  detect(pixels: Uint8Array | Uint8ClampedArray, width: number, height: number, channels: number): Promise<FaceBox[]> {
    let worker: Worker;
    try {
      worker = this.worker ?? this.start();
    } catch (error) {
      return Promise.reject(new FaceDetectionError(`cannot start the face detection worker: ${(error as Error).message}`));
    }
    const id = this.nextId++;
    // A copy of exactly these pixels, moved to the worker: the caller keeps using its own buffer
    // (preprocess crops from it), and a view into a larger pooled buffer would be cloned whole.
    const copy = new Uint8Array(pixels.subarray(0, width * height * channels));
    return new Promise<FaceBox[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      const request: DetectRequest = { id, pixels: copy, width, height, channels };
      try {
        worker.postMessage(request, [copy.buffer]);
      } catch (error) {
        // Not sent (the worker is exiting): no reply will come, so settle it here.
        this.settle({ id, error: (error as Error).message });
      }
    });
  }

  /** Stops the worker; requests still waiting are rejected. The next request starts a new one. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (worker === undefined) return;
    this.worker = undefined;
    this.rejectAll('face detection was stopped: the detector was closed');
    await worker.terminate();
  }

  private start(): Worker {
    const worker = startWorker(this.entry());
    worker.unref();
    worker.on('message', (reply: DetectReply) => this.settle(reply));
    worker.on('error', (error) => this.lost(worker, `the face detection worker failed: ${error.message}`));
    worker.on('exit', (code) => this.lost(worker, `the face detection worker stopped (exit code ${code})`));
    this.worker = worker;
    return worker;
  }

  private settle(reply: DetectReply): void {
    const waiting = this.pending.get(reply.id);
    if (waiting === undefined) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    if ('error' in reply) waiting.reject(new FaceDetectionError(`face detection failed: ${reply.error}`));
    else waiting.resolve(reply.faces);
  }

  /** The worker died: fail what it held and forget it. Events from a worker already replaced are ignored. */
  private lost(worker: Worker, message: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.rejectAll(message);
    // After an 'error' the thread is already ending; terminate() makes sure it does.
    void worker.terminate();
  }

  private rejectAll(message: string): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const w of waiting) w.reject(new FaceDetectionError(message));
  }
}
