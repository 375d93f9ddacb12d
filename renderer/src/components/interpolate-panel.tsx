/**
 * Interpolation: spherical interpolation between two seeds (the current or previous seed, or a
 * seed number). The t slider decodes through a latest-wins runner like the editor's sliders (a
 * drag never queues work; a newer t cancels the stale decode); "Export frames" downloads the
 * frames as one horizontal strip PNG at the model's resolution. The two ends are shown beside the
 * image (the images at t = 0 and t = 1, fetched while nothing else decodes), and errors show in
 * the panel itself.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ReseedApi } from '../../../electron/contract/contract';
import type { SeedRef } from '../../../electron/contract/editor-schemas';
import type { ErrorInfo } from '../../../electron/contract/result';
import { ErrorCode } from '../../../electron/contract/result';
import { base64ToBytes, saveFile } from '../files';
import { cancellableRequest } from '../state/engine-request';
import { ImageCache } from '../state/image-cache';
import { interpolationKey, resolveEndpoint, type EndpointChoice, type KnownSeed } from '../state/interpolation';
import { LatestWins } from '../state/latest-wins';
import { NoticeBanner } from './notice-banner';

interface Input {
  readonly key: string;
  readonly a: SeedRef;
  readonly b: SeedRef;
  readonly t: number;
}

function EndpointField({ name, choice, onChoice, allowCurrent }: { name: string; choice: EndpointChoice; onChoice: (c: EndpointChoice) => void; allowCurrent: boolean }) {
  return (
    <label className="endpoint-field">
      <span className="endpoint-name">{name}</span>
      <select
        aria-label={`${name} kind`}
        value={choice.kind}
        onChange={(e) => onChoice(e.target.value === 'number' ? { kind: 'number', text: choice.kind === 'number' ? choice.text : '0' } : { kind: e.target.value as 'current' | 'previous' })}
      >
        {allowCurrent ? <option value="current">current seed</option> : null}
        <option value="previous">previous seed</option>
        <option value="number">seed number</option>
      </select>
      {choice.kind === 'number' ? (
        <input type="text" inputMode="numeric" aria-label={`${name} seed number`} value={choice.text} onChange={(e) => onChoice({ kind: 'number', text: e.target.value })} size={10} />
      ) : null}
    </label>
  );
}

/** One end's image (t = 0 or 1) beside the interpolated one. */
function EndThumb({ name, label, image }: { name: 'A' | 'B'; label: string; image: string | null }) {
  return (
    <figure className={`interpolate-end end-${name.toLowerCase()}`}>
      {image !== null ? <img src={image} alt={`End ${name}: ${label}`} className="pixelated" /> : <div className="end-empty" role="img" aria-label={`End ${name}: not shown yet`} />}
      <figcaption>
        <strong>{name}</strong> {label}
      </figcaption>
    </figure>
  );
}

export function InterpolatePanel({ api, seen, width, height, onError: reportElsewhere }: { api: ReseedApi; seen: readonly KnownSeed[]; width: number; height: number; onError?: (e: ErrorInfo) => void }) {
  const [error, setError] = useState<ErrorInfo | null>(null);
  const onError = (e: ErrorInfo) => {
    setError(e);
    reportElsewhere?.(e);
  };
  const [aChoice, setAChoice] = useState<EndpointChoice>({ kind: 'current' });
  const [bChoice, setBChoice] = useState<EndpointChoice>({ kind: 'number', text: '1' });
  const [t, setT] = useState(0.5);
  const [frames, setFrames] = useState(8);
  const [shown, setShown] = useState<{ key: string; image: string } | null>(null);
  const [decoding, setDecoding] = useState(false);
  const [exporting, setExporting] = useState(false);
  const cache = useMemo(() => new ImageCache(), []);
  const [, setThumbs] = useState(0);
  /** The end image being fetched (t = 0 or 1), cancelled when a scrub needs the lane. */
  const thumbJob = useRef<AbortController | null>(null);
  /** End images the engine refused (not asked again: the scrub shows the error). */
  const thumbFailed = useRef(new Set<string>());
  const roundTrip = useRef(0);
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;

  const a = resolveEndpoint(aChoice, seen);
  const b = resolveEndpoint(bChoice, seen);
  const ready = 'ref' in a && 'ref' in b ? { a: a.ref, b: b.ref } : null;
  const key = ready === null ? null : interpolationKey(ready.a, ready.b, t);

  const runner = useMemo(
    () =>
      new LatestWins<Input, { key: string; image: string }>(
        async (input, signal) => {
          // The scrub goes first: an end image still being fetched steps aside.
          thumbJob.current?.abort();
          const started = performance.now();
          const result = await cancellableRequest(api, signal, (requestId) =>
            api.interpolate({ requestId, a: input.a, b: input.b, t: input.t }),
          );
          if (!result.ok) throw result.error;
          roundTrip.current = performance.now() - started;
          return { key: input.key, image: result.value.image };
        },
        { minIntervalMs: () => Math.min(400, roundTrip.current) },
      ),
    [api],
  );
  useEffect(() => () => runner.cancel(), [runner]);
  useEffect(() => () => thumbJob.current?.abort(), []);
  // An export still running when the panel goes away is cancelled: nobody would save its strip.
  const exportAbort = useRef<AbortController | null>(null);
  useEffect(() => () => exportAbort.current?.abort(), []);

  useEffect(() => {
    if (ready === null || key === null) return;
    const hit = cache.get(key);
    if (hit !== undefined) {
      runner.cancel();
      setDecoding(false);
      setShown({ key, image: hit });
      return;
    }
    setDecoding(true);
    void runner.submit({ key, a: ready.a, b: ready.b, t }).then((outcome) => {
      if (outcome.status === 'superseded') return;
      setDecoding(runner.busy);
      if (outcome.status === 'failed') {
        const error = outcome.error as Partial<ErrorInfo>;
        if (error.code !== ErrorCode.cancelled) onErrorRef.current({ code: error.code ?? ErrorCode.internal, message: error.message ?? String(outcome.error) });
        return;
      }
      cache.set(outcome.value.key, outcome.value.image);
      setShown(outcome.value);
    });
    // `key` names the endpoints and t exactly.
  }, [key, runner, cache]);

  // The ends' images (t = 0 and 1), one at a time and only while the scrub is idle.
  const aKey = ready === null ? null : interpolationKey(ready.a, ready.b, 0);
  const bKey = ready === null ? null : interpolationKey(ready.a, ready.b, 1);
  useEffect(() => {
    // runner.busy, not `decoding`: a scrub submitted in this same commit is already running.
    if (ready === null || decoding || runner.busy || thumbJob.current !== null) return;
    const missing = ([[aKey, 0], [bKey, 1]] as const).find(([k]) => k !== null && cache.get(k) === undefined && !thumbFailed.current.has(k));
    if (missing === undefined) return;
    const [thumbKey, end] = missing;
    const controller = new AbortController();
    thumbJob.current = controller;
    void cancellableRequest(api, controller.signal, (requestId) => api.interpolate({ requestId, a: ready.a, b: ready.b, t: end })).then((result) => {
      if (thumbJob.current === controller) thumbJob.current = null;
      if (result.ok && !controller.signal.aborted && thumbKey !== null) cache.set(thumbKey, result.value.image);
      else if (!result.ok && result.error.code !== ErrorCode.cancelled && thumbKey !== null) thumbFailed.current.add(thumbKey);
      // Another end may be missing, or the scrub took the lane: look again.
      setThumbs((n) => n + 1);
    });
    // `aKey`/`bKey` name the ends exactly.
  });

  const exportFrames = async () => {
    if (ready === null) return;
    setExporting(true);
    const controller = new AbortController();
    exportAbort.current = controller;
    try {
      const result = await cancellableRequest(api, controller.signal, (requestId) => api.interpolationFrames({ requestId, a: ready.a, b: ready.b, frames }));
      if (!result.ok) {
        if (result.error.code !== ErrorCode.cancelled) onErrorRef.current(result.error);
        return;
      }
      saveFile(base64ToBytes(result.value.png), result.value.fileName);
    } finally {
      if (exportAbort.current === controller) exportAbort.current = null;
      setExporting(false);
    }
  };

  const problem = 'problem' in a ? `A: ${a.problem}` : 'problem' in b ? `B: ${b.problem}` : null;
  const aLabel = 'label' in a ? a.label : '—';
  const bLabel = 'label' in b ? b.label : '—';
  const big = Math.max(width, height);
  return (
    <section className="interpolate-panel" aria-label="Interpolate">
      <h2>Interpolate</h2>
      <p className="muted">Spherical interpolation between two seeds: t = 0 is A, t = 1 is B.</p>
      {error ? <NoticeBanner error={error} context="interpolate" onDismiss={() => setError(null)} /> : null}
      <div className="interpolate-ends">
        <EndpointField name="A" choice={aChoice} onChoice={setAChoice} allowCurrent />
        <EndpointField name="B" choice={bChoice} onChoice={setBChoice} allowCurrent={false} />
      </div>
      {problem !== null ? <p className="muted" role="status">{problem}</p> : null}
      <div className="interpolate-stage">
        <EndThumb name="A" label={aLabel} image={aKey === null ? null : (cache.get(aKey) ?? null)} />
        <figure className="interpolate-image" aria-busy={decoding}>
          {shown !== null && ready !== null ? (
            <img src={shown.image} alt={`slerp(A, B; ${t.toFixed(2)})`} width={(width * 256) / big} height={(height * 256) / big} className="pixelated" />
          ) : (
            <div className="interpolate-empty" role="img" aria-label="No interpolation yet" />
          )}
          <figcaption className="muted">
            {aLabel} → {bLabel} at t = {t.toFixed(2)}
            {decoding ? ' · decoding…' : ''}
          </figcaption>
        </figure>
        <EndThumb name="B" label={bLabel} image={bKey === null ? null : (cache.get(bKey) ?? null)} />
      </div>
      <label className="interpolate-t">
        <span>A</span>
        <input type="range" aria-label="Interpolation t" min={0} max={1} step={0.01} value={t} disabled={ready === null} onChange={(e) => setT(Number(e.target.value))} />
        <span>B</span>
        <output aria-label="t value">t = {t.toFixed(2)}</output>
      </label>
      <div className="interpolate-export">
        <label>
          Frames{' '}
          <input type="number" aria-label="Frames" min={2} max={64} value={frames} onChange={(e) => setFrames(Math.max(2, Math.min(64, Math.round(Number(e.target.value)) || 2)))} />
        </label>
        <button type="button" disabled={ready === null || exporting} onClick={() => void exportFrames()}>
          {exporting ? 'Exporting…' : 'Export frames'}
        </button>
        <span className="muted">one PNG strip, {frames} frames of {width}×{height}</span>
      </div>
    </section>
  );
}
