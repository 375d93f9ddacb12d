/**
 * Face detection in its worker thread (engine/image/face-detect-thread.ts): the same faces as
 * the synchronous detector, the calling thread left free while it runs, and a worker that fails,
 * crashes or is stopped costs only the requests it held: the next request gets a fresh worker.
 *
 * Face box on assets/samples/astronaut.jpg (RGB, 512×512), measured: 96×96 at (174, 66).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePicture } from '../../electron/engine/image/decode';
import { closeFaceDetector, detectFaces } from '../../electron/engine/image/face-detect';
import { FaceDetectionError, FaceDetectorThread, faceWorkerEntry } from '../../electron/engine/image/face-detect-thread';
import { detectFacesSync } from '../../electron/engine/image/viola-jones';
import { REPO } from './helpers';

const ASTRONAUT_FACE = { left: 174, top: 66, width: 96, height: 96 };
/** This worker ends itself (exit code CRASH_CODE) on a request CRASH_WIDTH pixels wide. */
const CRASH_ENTRY = join(REPO, 'test', 'fixtures', 'face-worker-crash.ts');
const CRASH_WIDTH = 21;
const CRASH_CODE = 7;
let photo: { data: Uint8Array; width: number; height: number };

beforeAll(async () => {
  const bytes = readFileSync(join(REPO, 'assets', 'samples', 'astronaut.jpg'));
  const { raw } = await decodePicture(bytes, 'astronaut', { background: '#ffffff', colorspace: 'rgb' });
  photo = { data: new Uint8Array(raw.data), width: raw.width, height: raw.height };
  // Start the shared worker (through tsx: seconds on a busy CPU) before anything is timed.
  await detectFaces(new Uint8Array(20 * 20 * 3), 20, 20, { channels: 3 });
});

afterAll(() => closeFaceDetector());

const detectPhoto = () => detectFaces(photo.data, photo.width, photo.height, { channels: 3 });

describe('face detection in a worker thread', () => {
  it('finds the same faces as the detector run in this thread, and leaves the pixels alone', async () => {
    const before = Buffer.from(photo.data);
    const inWorker = await detectPhoto();
    expect(inWorker).toEqual(detectFacesSync(photo.data, photo.width, photo.height, { channels: 3 }));
    expect(inWorker).toHaveLength(1);
    expect(inWorker[0]).toMatchObject(ASTRONAUT_FACE);
    // The pixels were copied, not moved: the caller's buffer is intact and still attached.
    expect(Buffer.from(photo.data).equals(before)).toBe(true);
  });

  it('keeps the event loop running while it detects (in this thread, no timer could fire)', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      const start = performance.now();
      const faces = await detectPhoto();
      const workerMs = performance.now() - start;
      const workerTicks = ticks;
      ticks = 0;
      const syncStart = performance.now();
      detectFacesSync(photo.data, photo.width, photo.height, { channels: 3 });
      const syncMs = performance.now() - syncStart;
      await new Promise((r) => setTimeout(r, 0));
      console.log(`detection: ${workerMs.toFixed(0)} ms in the worker (${workerTicks} timer ticks), ${syncMs.toFixed(0)} ms in this thread`);
      expect(faces[0]).toMatchObject(ASTRONAUT_FACE);
      // A 5 ms timer over a scan of hundreds of ms fires many times unless the loop is blocked;
      // 3 is a floor a loaded 2-core machine still clears. The same scan here fires none.
      expect(workerTicks).toBeGreaterThanOrEqual(3);
      expect(ticks).toBeLessThanOrEqual(1);
    } finally {
      clearInterval(timer);
    }
  });

  it('answers requests made together, each with its own faces', async () => {
    const blank = new Uint8Array(64 * 64 * 3).fill(255);
    const [a, b, c] = await Promise.all([detectPhoto(), detectFaces(blank, 64, 64, { channels: 3 }), detectPhoto()]);
    expect(a[0]).toMatchObject(ASTRONAUT_FACE);
    expect(b).toEqual([]);
    expect(c).toEqual(a);
  });

  it('rejects a request the detector throws on, and the same worker goes on', async () => {
    const thread = new FaceDetectorThread();
    try {
      // Too few pixels for 30×30×3: the worker's detector throws, the worker answers with it.
      const bad = thread.detect(new Uint8Array(30), 30, 30, 3);
      await expect(bad).rejects.toThrow(FaceDetectionError);
      await expect(bad).rejects.toThrow(/face detection failed: RangeError: expected 30×30×3/);
      expect(thread.running).toBe(true);
      expect((await thread.detect(photo.data, photo.width, photo.height, 3))[0]).toMatchObject(ASTRONAUT_FACE);
    } finally {
      await thread.close();
    }
  });

  it('rejects what a crashed worker held, and starts a fresh worker for the next request', async () => {
    const thread = new FaceDetectorThread(() => CRASH_ENTRY);
    try {
      const crash = thread.detect(new Uint8Array(CRASH_WIDTH * CRASH_WIDTH * 3), CRASH_WIDTH, CRASH_WIDTH, 3);
      await expect(crash).rejects.toThrow(FaceDetectionError);
      await expect(crash).rejects.toThrow(`the face detection worker stopped (exit code ${CRASH_CODE})`);
      expect(thread.running).toBe(false);
      expect((await thread.detect(photo.data, photo.width, photo.height, 3))[0]).toMatchObject(ASTRONAUT_FACE);
      expect(thread.running).toBe(true);
    } finally {
      await thread.close();
    }
  });

  it('rejects a request cut short by close(), and detects again afterwards', async () => {
    const thread = new FaceDetectorThread();
    const cut = expect(thread.detect(photo.data, photo.width, photo.height, 3)).rejects.toThrow(/face detection was stopped: the detector was closed/);
    await thread.close();
    await cut;
    expect(thread.running).toBe(false);
    try {
      expect(await thread.detect(photo.data, photo.width, photo.height, 3)).toEqual(await detectPhoto());
    } finally {
      await thread.close();
    }
  });

  it('says so when the worker cannot load, and tries again on the next request', async () => {
    const missing = join(REPO, 'test', 'fixtures', 'no-such-worker.ts');
    let entry = missing;
    const thread = new FaceDetectorThread(() => entry);
    try {
      await expect(thread.detect(photo.data, photo.width, photo.height, 3)).rejects.toThrow(/the face detection worker failed: .*no-such-worker/);
      entry = faceWorkerEntry();
      expect((await thread.detect(photo.data, photo.width, photo.height, 3))[0]).toMatchObject(ASTRONAUT_FACE);
    } finally {
      await thread.close();
    }
  });

  it('finds the worker entry: the built .js beside the bundle when there is one, else the .ts source', () => {
    expect(faceWorkerEntry()).toBe(join(REPO, 'electron', 'engine', 'image', 'face-detect-worker.ts'));
    expect(faceWorkerEntry(join(REPO, 'out', 'no-bundle-here'))).toMatch(/face-detect-worker\.ts$/);
  });
});
