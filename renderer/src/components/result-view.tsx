/**
 * The edited image, large, on a canvas drawn with nearest-neighbour scaling (model images are
 * tiny: 28 px for the default pack). Before/after compare: hold \ to see the original, or move
 * the split slider (or drag on the image) to see the original left of the line.
 *
 * The canvas is the largest whole multiple of the model's size that fits the width of its box and
 * a share of the window's height (most of it in the larger view), so it grows and shrinks with
 * the window and stays crisp.
 */
import { useEffect, useRef, useState, type PointerEvent } from 'react';

/** The canvas side before anything was measured (and where nothing measures it). */
export const RESULT_SIDE = 336;

/** The share of the window's height the result may take: normal and larger view. */
const HEIGHT_SHARE = { normal: 0.46, large: 0.76 } as const;

/** The canvas's scale: the largest whole multiple of the model's size within `side` px (at least 1). */
export function resultScale(modelSide: number, side: number): number {
  return Math.max(1, Math.floor(side / Math.max(1, modelSide)));
}

const loaded = new Map<string, Promise<HTMLImageElement>>();

/** Decoded <img> per data URL (a few kept), so redraws for the split line are instant. */
function loadImage(url: string): Promise<HTMLImageElement> {
  let promise = loaded.get(url);
  if (promise === undefined) {
    const image = new Image();
    image.src = url;
    promise = image.decode().then(() => image);
    loaded.set(url, promise);
    if (loaded.size > 24) loaded.delete(loaded.keys().next().value as string);
  }
  return promise;
}

export interface ResultViewProps {
  /** Model size (the canvas is the largest whole multiple of it that fits). */
  readonly width: number;
  readonly height: number;
  readonly after: { key: string; image: string } | null;
  readonly before: string | null;
  /** The \ key is held. */
  readonly comparing: boolean;
  readonly busy: boolean;
  readonly onDrawn: (key: string) => void;
  /** The larger view: most of the window's height. */
  readonly large?: boolean;
}

export function ResultView({ width, height, after, before, comparing, busy, onDrawn, large = false }: ResultViewProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const figureRef = useRef<HTMLElement>(null);
  const [split, setSplit] = useState(0);
  const [room, setRoom] = useState(RESULT_SIDE);
  // The room for the canvas: the figure's width, and a share of the window's height.
  useEffect(() => {
    const figure = figureRef.current;
    if (figure === null) return;
    const measure = () => {
      const wide = figure.clientWidth - 2;
      const tall = window.innerHeight * (large ? HEIGHT_SHARE.large : HEIGHT_SHARE.normal);
      if (wide > 0) setRoom(Math.floor(Math.min(wide, tall)));
    };
    measure();
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    observer?.observe(figure);
    window.addEventListener('resize', measure);
    return () => {
      observer?.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, [large]);
  const scale = resultScale(Math.max(width, height), room);
  const splitShown = comparing ? 1 : split / 100;

  useEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    let live = true;
    void (async () => {
      const [afterImage, beforeImage] = await Promise.all([
        after ? loadImage(after.image) : Promise.resolve(null),
        before && splitShown > 0 ? loadImage(before) : Promise.resolve(null),
      ]);
      if (!live) return;
      context.imageSmoothingEnabled = false;
      context.fillStyle = '#000';
      context.fillRect(0, 0, canvas.width, canvas.height);
      if (afterImage) context.drawImage(afterImage, 0, 0, canvas.width, canvas.height);
      if (beforeImage) {
        // The original left of the split line: whole model pixels, so both halves stay crisp.
        const columns = Math.round(width * splitShown);
        if (columns > 0) context.drawImage(beforeImage, 0, 0, columns, height, 0, 0, columns * scale, canvas.height);
        if (columns > 0 && columns < width) {
          context.fillStyle = '#4fc3f7';
          context.fillRect(columns * scale - 1, 0, 2, canvas.height);
        }
      }
      // What is on the canvas now (tests and tools wait for this, not for the request).
      canvas.dataset.drawnKey = after?.key ?? '';
      if (after) onDrawn(after.key);
    })();
    return () => {
      live = false;
    };
  }, [after, before, splitShown, width, height, scale, onDrawn]);

  const dragSplit = (event: PointerEvent<HTMLCanvasElement>) => {
    if (event.buttons !== 1 || before === null) return;
    const box = event.currentTarget.getBoundingClientRect();
    setSplit(Math.round(Math.min(1, Math.max(0, (event.clientX - box.left) / box.width)) * 100));
  };

  return (
    <figure className="result-view" ref={figureRef} data-scale={scale}>
      <canvas
        ref={canvasRef}
        className="result-canvas"
        width={width * scale}
        height={height * scale}
        aria-label={after ? 'Edited image' : 'No image yet: embed a picture or generate a seed'}
        role="img"
        data-image-key={after?.key ?? ''}
        data-busy={busy ? 'true' : 'false'}
        onPointerDown={dragSplit}
        onPointerMove={dragSplit}
      />
      <figcaption>
        <label className="split">
          <span>Before | after</span>
          <input
            type="range"
            min={0}
            max={100}
            step={1}
            value={split}
            disabled={before === null}
            aria-label="Compare split: the original is shown left of the line"
            onChange={(e) => setSplit(Number(e.target.value))}
          />
        </label>
        <span className="hint">{comparing ? 'Showing the original' : 'Hold \\ to compare'}</span>
        {busy && <span className="busy" aria-live="polite">Regrowing…</span>}
      </figcaption>
    </figure>
  );
}
