/**
 * The image the result canvas shows for the live document: the seed's own image when no slider is
 * moved (and no faithful edit asks for the photo's colours), a cached image when this exact edit
 * was seen before (undo/redo), otherwise a decode through a latest-wins runner (dragging never
 * queues work; a newer value cancels the stale request). The faithful fields (keep details, locks,
 * mask: state/faithful.ts) go with every decode and are part of the image's key; the answer says
 * which colours it is in and what each lock did. Also measures slider-to-image latency (reported
 * when the canvas has drawn it). While a slider moves the decode asks for the pack's one-pass
 * preview decoder, and the full decode follows when it rests (state/decode-quality.ts); both go
 * through the one latest-wins runner, so a full answer never replaces a newer preview.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { LockStatusInfo, ReseedApi } from '../../../electron/contract/contract';
import type { ErrorInfo } from '../../../electron/contract/result';
import { ErrorCode } from '../../../electron/contract/result';
import { activeSliders, isUnedited, type EditorDoc } from '../state/editor-doc';
import { faithfulTag, renderKey, type FaithfulFields } from '../state/faithful';
import { ImageCache } from '../state/image-cache';
import { LatestWins } from '../state/latest-wins';
import { cancellableRequest } from '../state/engine-request';
import type { DecodeQuality } from '../../../electron/contract/preview-schemas';
import { DragRest, editKey, pictureKey, wantedDecode } from '../state/decode-quality';

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
  /** The decoder that made the picture: the preview while dragging, full at rest. */
  readonly decoder: DecodeQuality;
}

interface DecodeInput {
  readonly key: string;
  readonly quality: DecodeQuality;
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
  /** Call when the slider is released: the full decode starts without waiting for the rest timer. */
  readonly sliderRest: () => void;
  /** A slider is moving: decodes ask for the preview. */
  readonly moving: boolean;
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
  // One round trip per decoder: a full decode's must not hold back the previews of a drag.
  const roundTrip = useRef<Record<DecodeQuality, number>>({ preview: 0, full: 0 });
  const [moving, setMoving] = useState(false);
  const movingRef = useRef(false);
  movingRef.current = moving;
  const dragRest = useMemo(() => new DragRest(setMoving), []);
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
            api.decode({ requestId, seedId: input.seedId, sliders: input.sliders, ...input.faithful, ...(input.quality === 'preview' ? { quality: 'preview' as const } : {}) }),
          );
          if (!result.ok) throw result.error;
          roundTrip.current[input.quality] = performance.now() - started;
          const v = result.value;
          // A pack without a preview answers a preview request with the full decode, and says so.
          const decoder = v.decoder ?? 'full';
          const facts: ImageFacts = { colours: v.colours ?? 'model', keepDetails: v.keepDetails ?? false, locks: v.locks ?? NO_LOCK_STATUS, decoder };
          return { key: pictureKey(input.key, decoder), image: v.image, decodeMs: v.decodeMs, facts };
        },
        // Starts no closer together than about one round trip: a drag shows images as fast as
        // they can be made, and a value older than that is cancelled instead of finished.
        // A preview is left to finish (a few ms): cancelling each one as the next pointer event
        // comes would show nothing until the drag stops.
        { minIntervalMs: () => Math.min(400, roundTrip.current[movingRef.current ? 'preview' : 'full']), finishFirst: (input) => input.quality === 'preview' },
      ),
    [api],
  );

  useEffect(() => () => runner.cancel(), [runner]);
  useEffect(() => () => dragRest.dispose(), [dragRest]);

  const seed = doc.seed;
  // Unedited and nothing faithful asked: the seed's own image, no decode. With keep details (or a
  // lock or mask) even zero sliders are decoded: the answer is in the photo's colours.
  const plain = isUnedited(doc) && tag === '';
  const full = seed !== null && !plain ? cache.get(key) : undefined;
  const preview = seed !== null && !plain && full === undefined ? cache.get(pictureKey(key, 'preview')) : undefined;
  const cached = full ?? (moving ? preview : undefined);
  const cachedKey = full !== undefined ? key : pictureKey(key, 'preview');
  const modelFacts: ImageFacts = { colours: 'model', keepDetails: false, locks: NO_LOCK_STATUS, decoder: 'full' };
  let shown: ShownImage | null = null;
  let facts: ImageFacts | null = null;
  if (seed !== null) {
    if (plain) [shown, facts] = [{ key, image: seed.baseImage }, modelFacts];
    else if (cached !== undefined) [shown, facts] = [{ key: cachedKey, image: cached.image }, cached.facts];
    // While the new edit decodes, keep showing the last image of this seed (never a blank).
    else if (decoded !== null && decoded.key.startsWith(`${seed.seedId}|`)) [shown, facts] = [{ key: decoded.key, image: decoded.image }, decoded.facts];
    // Its own image meanwhile (the crop in the photo's colours where a faithful image is on its
    // way), under a key that names no finished edit.
    else if (tag === '') [shown, facts] = [{ key: `${seed.seedId}|`, image: seed.baseImage }, modelFacts];
    else {
      const placeholder = seed.kind === 'embed' && options.photoPlaceholder?.seedId === seed.seedId ? options.photoPlaceholder.image : null;
      shown = { key: `${seed.seedId}|pending`, image: placeholder ?? seed.baseImage };
      facts = placeholder === null ? modelFacts : { colours: 'photo', keepDetails: false, locks: NO_LOCK_STATUS, decoder: 'full' };
    }
  }

  // A layout effect: the request leaves as soon as React has the new slider value, not after the
  // browser has painted the frame (a plain effect waits for that, up to a frame per picture).
  useLayoutEffect(() => {
    const quality = seed === null || plain ? null : wantedDecode(moving, cache.get(key) !== undefined, cache.get(pictureKey(key, 'preview')) !== undefined);
    if (seed === null || quality === null) {
      runner.cancel();
      setDecoding(false);
      return;
    }
    setDecoding(true);
    void runner.submit({ key, quality, seedId: seed.seedId, sliders: activeSliders(doc.sliders), faithful: faithfulRef.current }).then((outcome) => {
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
  }, [key, seed, plain, runner, cache, moving]);

  const markSliderInput = useCallback(() => {
    if (inputAt.current === null) inputAt.current = performance.now();
    performance.mark('reseed:slider-input');
    dragRest.input();
  }, [dragRest]);
  const sliderRest = useCallback(() => dragRest.rest(), [dragRest]);

  const onDrawn = useCallback((drawnKey: string) => {
    const start = inputAt.current;
    // A preview picture of the live edit counts: it is what the user sees while dragging.
    if (start === null || editKey(drawnKey) !== liveKey.current) return;
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

  return { shown, facts, decoding, decodeMs, sliderMs, markSliderInput, onDrawn, forgetEdits, noteDecodeMs, stopDecoding, sliderRest, moving };
}
