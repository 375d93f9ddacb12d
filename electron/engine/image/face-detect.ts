/**
 * Face detection for the engine and the service: tracking.js's Viola-Jones detector
 * (viola-jones.ts, where the method and its parameters are described), run in a worker thread
 * (face-detect-thread.ts) so a ~0.5 s scan never blocks the thread that called it. All callers
 * share one worker; closeFaceDetector() stops it (service shutdown) and the next call restarts it.
 */
import { decodePicture } from './decode';
import { FaceDetectorThread } from './face-detect-thread';
import { readRegularFile } from './file-guard';
import type { FaceBox } from './viola-jones';

export { FaceDetectionError } from './face-detect-thread';
export { DETECT_MAX_SIDE, DETECT_PARAMS, MIN_HITS, downscaleRgba, mergeBoxes, type FaceBox } from './viola-jones';

export interface DetectOptions {
  /** Interleaved channels of `pixels`: 4 (RGBA, the default), 3 (RGB) or 1 (gray). */
  readonly channels?: number;
}

const shared = new FaceDetectorThread();

/**
 * Faces in a picture given as interleaved 8-bit pixels: boxes in its own pixels (whole numbers,
 * inside it), overlapping detections merged, strongest first (viola-jones.ts). The pixels are
 * copied to the detection worker, so the caller may go on using them.
 */
export async function detectFaces(pixels: Uint8Array | Uint8ClampedArray, width: number, height: number, options: DetectOptions = {}): Promise<FaceBox[]> {
  const channels = options.channels ?? 4;
  // Checked here as well as in the worker so a wrong call fails with a RangeError of its own.
  if (pixels.length < width * height * channels) throw new RangeError(`expected ${width}×${height}×${channels} pixels, got ${pixels.length} values`);
  // Too small for the detector's smallest window: no need to wake the worker.
  if (width < 20 || height < 20) return [];
  return shared.detect(pixels, width, height, channels);
}

/** The faces in a picture file or its bytes, decoded like any input (EXIF-rotated, alpha on white). */
export async function detectFacesInPicture(input: Buffer | string, label = typeof input === 'string' ? input : 'image'): Promise<{ faces: FaceBox[]; width: number; height: number }> {
  const bytes = typeof input === 'string' ? await readRegularFile(input, label) : input;
  const { raw } = await decodePicture(bytes, label, { background: '#ffffff', colorspace: 'rgb' });
  return { faces: await detectFaces(raw.data, raw.width, raw.height, { channels: 3 }), width: raw.width, height: raw.height };
}

/** Whether the shared detection worker is running (it starts on the first detection). */
export function faceDetectorRunning(): boolean {
  return shared.running;
}

/** Stops the shared detection worker (requests still waiting are rejected); a later call starts a new one. */
export function closeFaceDetector(): Promise<void> {
  return shared.close();
}
