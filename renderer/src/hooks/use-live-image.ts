/**
 * The image the result canvas shows for the live document: the seed's own image when no slider is
 * moved (and no faithful edit asks for the photo's colours), a cached image when this exact edit
 * was seen before (undo/redo), otherwise a decode through a latest-wins runner (dragging never
 * queues work; a newer value cancels the stale request). The faithful fields (keep details, locks,
 * mask: state/faithful.ts) go with every decode and are part of the image's key; the answer says
 * which colours it is in and what each lock did. Also measures slider-to-image latency (reported
 * when the canvas has drawn it).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { LockStatusInfo, ReseedApi } from '../../../electron/contract/contract';
import type { ErrorInfo } from '../../../electron/contract/result';
import { ErrorCode } from '../../../electron/contract/result';
import { activeSliders, isUnedited, type EditorDoc } from '../state/editor-doc';
import { faithfulTag, renderKey, type FaithfulFields } from '../state/faithful';
import { ImageCache } from '../state/image-cache';
import { LatestWins } from '../state/latest-wins';
import { cancellableRequest } from '../state/engine-request';

export interface ShownImage {
  readonly key: string;
  readonly image: string;
}

/** What the engine said about a decoded image (faithful-schemas.ts, FaithfulResultFields). */
export interface ImageFacts {
  readonly colours: 'photo' | 'model';
  /** Keep details was applied. */
  readonly keepDetails: boolean;
  readonly locks: readonly LockStatusInfo[];
}

interface DecodeInput {
  readonly key: string;
  readonly seedId: string;
  readonly sliders: Record<string, number>;
  readonly faithful: FaithfulFields;
}

interface Decoded {
  readonly image: string;
  readonly facts: ImageFacts;
}

export interface LiveImage {
  readonly shown: ShownImage | null;
  /** The shown image's colours and lock statuses: the engine's answer, or what is expected until it comes. */
  readonly facts: ImageFacts | null;
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
  /**
   * The seed's crop in the photo's colours (photo-colours.ts), shown while the first faithful
   * image of an embedded seed decodes, so the result does not flash the model's colours first.
   */
  readonly photoPlaceholder?: { readonly seedId: string; readonly image: string } | null;
}

export const SLIDER_MEASURE = 'reseed:slider-to-image';

const NO_LOCK_STATUS: readonly LockStatusInfo[] = [];

export function useLiveImage(api: ReseedApi, doc: EditorDoc, faithful: FaithfulFields, onError: (error: ErrorInfo) => void, options: LiveImageOptions = {}): LiveImage {
  const beforeDecode = useRef(options.beforeDecode);
  beforeDecode.current = options.beforeDecode;
  const cache = useMemo(() => new ImageCache<Decoded>(), []);
  const roundTrip = useRef(0);
  const [decoding, setDecoding] = useState(false);
  const [decodeMs, setDecodeMs] = useState<number | null>(null);
  const [sliderMs, setSliderMs] = useState<number | null>(null);
  const [decoded, setDecoded] = useState<(ShownImage & { facts: ImageFacts }) | null>(null);
  const inputAt = useRef<number | null>(null);
  const tag = faithfulTag(faithful);
  const key = renderKey(doc, tag);
  const liveKey = useRef(key);
  liveKey.current = key;
  // The fields enter the effect through `tag` (which names exactly them): read them from a ref.
  const faithfulRef = useRef(faithful);
  faithfulRef.current = faithful;

  const runner = useMemo(
    () =>
      new LatestWins<DecodeInput, { key: string; image: string; decodeMs: number; facts: ImageFacts }>(
        async (input, signal) => {
          beforeDecode.current?.();
          const started = performance.now();
          const result = await cancellableRequest(api, signal, (requestId) =>
            api.decode({ requestId, seedId: input.seedId, sliders: input.sliders, ...input.faithful }),
          );
          if (!result.ok) throw result.error;
          roundTrip.current = performance.now() - started;
          const v = result.value;
          const facts: ImageFacts = { colours: v.colours ?? 'model', keepDetails: v.keepDetails ?? false, locks: v.locks ?? NO_LOCK_STATUS };
          return { key: input.key, image: v.image, decodeMs: v.decodeMs, facts };
        },
        // Starts no closer together than about one round trip: a drag shows images as fast as
        // they can be made, and a value older than that is cancelled instead of finished.
        { minIntervalMs: () => Math.min(400, roundTrip.current) },
      ),
    [api],
  );

  useEffect(() => () => runner.cancel(), [runner]);

  const seed = doc.seed;
  // Unedited and nothing faithful asked: the seed's own image, no decode. With keep details (or a
  // lock or mask) even zero sliders are decoded: the answer is in the photo's colours.
  const plain = isUnedited(doc) && tag === '';
  const cached = seed !== null && !plain ? cache.get(key) : undefined;
  const modelFacts: ImageFacts = { colours: 'model', keepDetails: false, locks: NO_LOCK_STATUS };
  let shown: ShownImage | null = null;
  let facts: ImageFacts | null = null;
  if (seed !== null) {
    if (plain) [shown, facts] = [{ key, image: seed.baseImage }, modelFacts];
    else if (cached !== undefined) [shown, facts] = [{ key, image: cached.image }, cached.facts];
    // While the new edit decodes, keep showing the last image of this seed (never a blank).
    else if (decoded !== null && decoded.key.startsWith(`${seed.seedId}|`)) [shown, facts] = [{ key: decoded.key, image: decoded.image }, decoded.facts];
    // Its own image meanwhile (the crop in the photo's colours where a faithful image is on its
    // way), under a key that names no finished edit.
    else if (tag === '') [shown, facts] = [{ key: `${seed.seedId}|`, image: seed.baseImage }, modelFacts];
    else {
      const placeholder = seed.kind === 'embed' && options.photoPlaceholder?.seedId === seed.seedId ? options.photoPlaceholder.image : null;
      shown = { key: `${seed.seedId}|pending`, image: placeholder ?? seed.baseImage };
      facts = placeholder === null ? modelFacts : { colours: 'photo', keepDetails: false, locks: NO_LOCK_STATUS };
    }
  }

  useEffect(() => {
    if (seed === null || plain || cache.get(key) !== undefined) {
      runner.cancel();
      setDecoding(false);
      return;
    }
    setDecoding(true);
    void runner.submit({ key, seedId: seed.seedId, sliders: activeSliders(doc.sliders), faithful: faithfulRef.current }).then((outcome) => {
      if (outcome.status === 'superseded') return;
      setDecoding(runner.busy);
      if (outcome.status === 'failed') {
        const error = outcome.error as Partial<ErrorInfo>;
        if (error.code !== ErrorCode.cancelled) onError({ code: error.code ?? ErrorCode.internal, message: error.message ?? String(outcome.error) });
        return;
      }
      const { key: doneKey, image, facts: doneFacts } = outcome.value;
      cache.set(doneKey, { image, facts: doneFacts });
      setDecodeMs(outcome.value.decodeMs);
      setDecoded({ key: doneKey, image, facts: doneFacts });
    });
    // doc.sliders and the faithful fields enter through `key`, which names exactly them.
  }, [key, seed, plain, runner, cache]);

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

  return { shown, facts, decoding, decodeMs, sliderMs, markSliderInput, onDrawn, forgetEdits, noteDecodeMs, stopDecoding };
}
