/**
 * The image the result canvas shows for the live document: the seed's own image when no slider is
 * moved, a cached image when this exact edit was seen before (undo/redo), otherwise a decode
 * through a latest-wins runner (dragging never queues work; a newer value cancels the stale
 * request). Also measures slider-to-image latency (reported when the canvas has drawn it).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReseedApi } from '../../../electron/contract/contract';
import type { ErrorInfo } from '../../../electron/contract/result';
import { ErrorCode } from '../../../electron/contract/result';
import { activeSliders, imageKey, isUnedited, type EditorDoc } from '../state/editor-doc';
import { ImageCache } from '../state/image-cache';
import { LatestWins } from '../state/latest-wins';
import { cancellableRequest } from '../state/engine-request';

export interface ShownImage {
  readonly key: string;
  readonly image: string;
}

interface DecodeInput {
  readonly key: string;
  readonly seedId: string;
  readonly sliders: Record<string, number>;
}

export interface LiveImage {
  readonly shown: ShownImage | null;
  readonly decoding: boolean;
  readonly decodeMs: number | null;
  readonly sliderMs: number | null;
  /** Call when a slider input event arrives (starts the latency clock). */
  readonly markSliderInput: () => void;
  /** Call when the canvas has drawn `key` (stops it). */
  readonly onDrawn: (key: string) => void;
  /** Forgets cached edits: the directions changed, so the same slider id may mean another vector. */
  readonly forgetEdits: () => void;
  /** Another decode's time for the status bar (Generate's). */
  readonly noteDecodeMs: (ms: number) => void;
  /** Cancels the decode in flight (closing its request): Generate takes the engine's decode lane. */
  readonly stopDecoding: () => void;
}

export interface LiveImageOptions {
  /** Called right before a decode is sent: lower-priority work in the decode lane steps aside. */
  readonly beforeDecode?: () => void;
}

export const SLIDER_MEASURE = 'reseed:slider-to-image';

export function useLiveImage(api: ReseedApi, doc: EditorDoc, onError: (error: ErrorInfo) => void, options: LiveImageOptions = {}): LiveImage {
  const beforeDecode = useRef(options.beforeDecode);
  beforeDecode.current = options.beforeDecode;
  const cache = useMemo(() => new ImageCache(), []);
  const roundTrip = useRef(0);
  const [decoding, setDecoding] = useState(false);
  const [decodeMs, setDecodeMs] = useState<number | null>(null);
  const [sliderMs, setSliderMs] = useState<number | null>(null);
  const [decoded, setDecoded] = useState<ShownImage | null>(null);
  const inputAt = useRef<number | null>(null);
  const key = imageKey(doc);
  const liveKey = useRef(key);
  liveKey.current = key;

  const runner = useMemo(
    () =>
      new LatestWins<DecodeInput, { key: string; image: string; decodeMs: number }>(
        async (input, signal) => {
          beforeDecode.current?.();
          const started = performance.now();
          const result = await cancellableRequest(api, signal, (requestId) =>
            api.decode({ requestId, seedId: input.seedId, sliders: input.sliders }),
          );
          if (!result.ok) throw result.error;
          roundTrip.current = performance.now() - started;
          return { key: input.key, image: result.value.image, decodeMs: result.value.decodeMs };
        },
        // Starts no closer together than about one round trip: a drag shows images as fast as
        // they can be made, and a value older than that is cancelled instead of finished.
        { minIntervalMs: () => Math.min(400, roundTrip.current) },
      ),
    [api],
  );

  useEffect(() => () => runner.cancel(), [runner]);

  const seed = doc.seed;
  const unedited = isUnedited(doc);
  const cached = seed !== null && !unedited ? cache.get(key) : undefined;
  let shown: ShownImage | null = null;
  if (seed !== null) {
    if (unedited) shown = { key, image: seed.baseImage };
    else if (cached !== undefined) shown = { key, image: cached };
    // While the new edit decodes, keep showing the last image of this seed (never a blank).
    else if (decoded !== null && decoded.key.startsWith(`${seed.seedId}|`)) shown = decoded;
    else shown = { key: `${seed.seedId}|`, image: seed.baseImage };
  }

  useEffect(() => {
    if (seed === null || unedited || cache.get(key) !== undefined) {
      runner.cancel();
      setDecoding(false);
      return;
    }
    setDecoding(true);
    void runner.submit({ key, seedId: seed.seedId, sliders: activeSliders(doc.sliders) }).then((outcome) => {
      if (outcome.status === 'superseded') return;
      setDecoding(runner.busy);
      if (outcome.status === 'failed') {
        const error = outcome.error as Partial<ErrorInfo>;
        if (error.code !== ErrorCode.cancelled) onError({ code: error.code ?? ErrorCode.internal, message: error.message ?? String(outcome.error) });
        return;
      }
      cache.set(outcome.value.key, outcome.value.image);
      setDecodeMs(outcome.value.decodeMs);
      setDecoded({ key: outcome.value.key, image: outcome.value.image });
    });
    // doc.sliders enters through `key`, which names exactly the active values.
  }, [key, seed, unedited, runner, cache]);

  const markSliderInput = useCallback(() => {
    if (inputAt.current === null) inputAt.current = performance.now();
    performance.mark('reseed:slider-input');
  }, []);

  const onDrawn = useCallback((drawnKey: string) => {
    const start = inputAt.current;
    if (start === null || drawnKey !== liveKey.current) return;
    inputAt.current = null;
    const measure = performance.measure(SLIDER_MEASURE, { start, end: performance.now() });
    setSliderMs(measure.duration);
  }, []);

  const forgetEdits = useCallback(() => cache.clear(), [cache]);
  const noteDecodeMs = useCallback((ms: number) => setDecodeMs(ms), []);
  const stopDecoding = useCallback(() => {
    runner.cancel();
    setDecoding(false);
  }, [runner]);

  return { shown, decoding, decodeMs, sliderMs, markSliderInput, onDrawn, forgetEdits, noteDecodeMs, stopDecoding };
}
