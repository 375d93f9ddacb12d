/**
 * The small strip a slider shows on hover: the current seed decoded with that slider alone at its
 * minimum and at its maximum (keep details, mask and locks as the live image has them), through
 * the same `decode` as the live image but by the pack's preview decoder where it has one: a
 * thumbnail needs no more, and it costs a few milliseconds (locks included). Cached per seed,
 * direction and value, so each strip is decoded once per seed. The live image goes first: a
 * preview starts only while no live decode runs, and one running steps aside (it is cancelled and
 * asked again) the moment a live decode starts, since both share the engine's decode lane.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DirectionInfo, ReseedApi } from '../../../electron/contract/contract';
import { cancellableRequest } from '../state/engine-request';
import type { SeedSource } from '../state/editor-doc';
import { faithfulTag, type FaithfulFields } from '../state/faithful';
import { ImageCache } from '../state/image-cache';

export interface SliderStrip {
  readonly min: string | null;
  readonly max: string | null;
}

interface Job {
  readonly key: string;
  readonly seedId: string;
  readonly direction: string;
  readonly value: number;
  /** Keep details and the mask as the live image has them (so the strip is in the same colours). */
  readonly faithful: FaithfulFields;
}

export interface SliderPreviews {
  /** The pointer (or focus) is on this slider: its strip is wanted. */
  readonly show: (id: string) => void;
  readonly hide: (id: string) => void;
  /** The strip of a slider for the current seed (images still missing are null), or null when none is wanted. */
  readonly strip: (id: string) => SliderStrip | null;
  /** A live decode starts: a running preview is cancelled and asked again later. */
  readonly yieldToLive: () => void;
  /** The directions changed: cached strips may show another vector. */
  readonly forget: () => void;
}

const keyOf = (seedId: string, tag: string, direction: string, value: number) => `${seedId}|${tag}|${direction}|${value}`;

const NONE: FaithfulFields = {};

export function useSliderPreviews(api: ReseedApi, seed: SeedSource | null, directions: readonly DirectionInfo[], liveBusy: boolean, faithful: FaithfulFields = NONE): SliderPreviews {
  const tag = faithfulTag(faithful);
  const faithfulRef = useRef(faithful);
  faithfulRef.current = faithful;
  const cache = useMemo(() => new ImageCache(96), []);
  const [hovered, setHovered] = useState<string | null>(null);
  const [, setVersion] = useState(0);
  const queue = useRef<Job[]>([]);
  const running = useRef<{ job: Job; controller: AbortController } | null>(null);
  const liveBusyRef = useRef(liveBusy);
  liveBusyRef.current = liveBusy;
  const seedId = seed?.seedId ?? null;

  const pump = useCallback(() => {
    if (running.current !== null || liveBusyRef.current) return;
    const job = queue.current.shift();
    if (job === undefined) return;
    if (cache.get(job.key) !== undefined) return pump();
    const controller = new AbortController();
    running.current = { job, controller };
    void cancellableRequest(api, controller.signal, (requestId) => api.decode({ requestId, seedId: job.seedId, sliders: { [job.direction]: job.value }, ...job.faithful, quality: 'preview' })).then((result) => {
      if (running.current?.controller === controller) running.current = null;
      // A failed preview is only a missing picture: the slider itself works (and reports errors).
      if (result.ok && !controller.signal.aborted) {
        cache.set(job.key, result.value.image);
        setVersion((v) => v + 1);
      }
      pump();
    });
  }, [api, cache]);

  // What the hovered slider needs, asked for first.
  useEffect(() => {
    if (hovered === null || seedId === null) {
      queue.current = [];
      return;
    }
    const direction = directions.find((d) => d.id === hovered);
    if (direction === undefined) return;
    const jobs = [direction.min, direction.max]
      .map((value) => ({ key: keyOf(seedId, tag, direction.id, value), seedId, direction: direction.id, value, faithful: faithfulRef.current }))
      .filter((j) => cache.get(j.key) === undefined && running.current?.job.key !== j.key);
    queue.current = jobs;
    pump();
    // The fields enter through `tag`, which names exactly them.
  }, [hovered, seedId, tag, directions, cache, pump]);

  useEffect(() => {
    if (!liveBusy) pump();
  }, [liveBusy, pump]);

  // A preview of a seed no longer shown is not worth finishing.
  useEffect(() => {
    const current = running.current;
    if (current !== null && current.job.seedId !== seedId) current.controller.abort();
  }, [seedId]);

  useEffect(() => () => running.current?.controller.abort(), []);

  const yieldToLive = useCallback(() => {
    // Until the next render says whether the live image is still decoding, nothing new starts.
    liveBusyRef.current = true;
    const current = running.current;
    if (current === null) return;
    running.current = null;
    current.controller.abort();
    queue.current = [current.job, ...queue.current.filter((j) => j.key !== current.job.key)];
  }, []);

  const show = useCallback((id: string) => setHovered(id), []);
  const hide = useCallback((id: string) => setHovered((h) => (h === id ? null : h)), []);
  const forget = useCallback(() => cache.clear(), [cache]);
  const strip = useCallback(
    (id: string): SliderStrip | null => {
      if (hovered !== id || seedId === null) return null;
      const direction = directions.find((d) => d.id === id);
      if (direction === undefined) return null;
      return { min: cache.get(keyOf(seedId, tag, id, direction.min)) ?? null, max: cache.get(keyOf(seedId, tag, id, direction.max)) ?? null };
    },
    [hovered, seedId, tag, directions, cache],
  );

  return { show, hide, strip, yieldToLive, forget };
}
