/**
 * The photo on a fabric.js canvas with the crop box: drag to move it, drag a corner to resize it
 * (the aspect ratio stays the pack's: side handles and rotation are hidden, scaling is uniform),
 * or focus the canvas and use the arrow keys (Shift: larger steps) and + / − . The box may reach
 * past the photo's edges (its centre stays on the photo, its side at most MAX_CROP_SCALE × the
 * photo's longest): that part is shown in the padding colour, as the engine pads it with the
 * pack's background, and the scene is laid out to show the photo and the box whole. Its position
 * is reported in the photo's own pixels.
 *
 * The Mask tool paints the edit mask (faithful edits: white = edit) as translucent strokes in
 * photo pixels, kept apart from the sketch's strokes.
 *
 * The canvas takes the size of its box in the page (a ResizeObserver), so it shrinks with the
 * window. Zoom and pan (state/photo-view.ts): Ctrl+wheel zooms at the pointer, the wheel pans a
 * zoomed photo, Space+drag, a middle-button drag or (crop tool) a drag beside the box pans, and
 * the corner buttons (or F and 1 on the focused photo) fit it or show it at 100 %. The scene keeps
 * its layout at every zoom (a viewport transform on top), so the crop box, strokes and eraser
 * stay in photo pixels whatever the view.
 */
import { Canvas, FabricImage, PencilBrush, Polyline, Rect, type FabricObject, type Path, type TPointerEventInfo } from 'fabric';
import type { Stroke } from '../../../electron/contract/sketch-schema';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { CropBox, ImageOpened } from '../../../electron/contract/contract';
import { fitCrop, MAX_CROP_SCALE, MIN_CROP_SIDE } from '../../../electron/contract/crop-geometry';
import { cropForKey } from '../state/crop-keys';
import { actualSize, clampView, FIT, panBy, wheelFactor, zoomAt, zoomLimits, zoomPercent, type Frame, type View } from '../state/photo-view';

/** The canvas size before the page has laid it out (and where nothing measures it). */
export const PHOTO_CANVAS_WIDTH = 520;
export const PHOTO_CANVAS_HEIGHT = 420;
/** The smallest canvas the layout may ask for. */
const MIN_SIDE = 160;
const BACKGROUND = '#141618';
/** The edit mask as shown over the photo (the mask sent is white on black). */
const MASK_COLOUR = 'rgba(255, 64, 160, 0.45)';
/** Padding shown before anything says which colour the engine pads with. */
export const DEFAULT_PADDING = '#ffffff';

interface Layout {
  /** Canvas pixels per photo pixel (at zoom 1: the fit). */
  readonly scale: number;
  /** Where the photo's (0, 0) lies in the scene. */
  readonly left: number;
  readonly top: number;
  /** The part of the scene laid out to fit: the photo and the crop box, in photo pixels. */
  readonly extent: CropBox;
}

interface Size {
  readonly width: number;
  readonly height: number;
}

interface Scene {
  readonly canvas: Canvas;
  size: Size;
  view: View;
  image?: FabricImage;
  rect?: Rect;
  /** The crop box's area in the padding colour, under the photo: what shows past its edges. */
  pad?: Rect;
  layout?: Layout;
  photo?: ImageOpened;
  /** The last rect geometry inside the photo, restored when a drag would leave it. */
  valid?: { left: number; top: number; scaleX: number; scaleY: number };
  /** The sketch's strokes as drawn objects (rebuilt from the document on every change). */
  strokes: FabricObject[];
  /** The mask's strokes, likewise. */
  maskStrokes: FabricObject[];
  /** The eraser's path while the button is down, in scene pixels. */
  erasing?: [number, number][];
}

/** What the pointer does on the photo: move the crop box, draw, erase strokes, or paint the edit mask. */
export type SketchTool = 'crop' | 'brush' | 'eraser' | 'mask';

/** The pointer's tool and the brush it draws (or erases) with. */
export interface Brush {
  readonly tool: SketchTool;
  readonly color: string;
  /** Brush and eraser diameter in screen pixels (what the user sees, at any zoom). */
  readonly size: number;
}

export interface SketchProps extends Brush {
  readonly strokes: readonly Stroke[];
  readonly onStroke: (stroke: Stroke) => void;
  /** The eraser's path and radius, in photo pixels. */
  readonly onErase: (path: [number, number][], radius: number) => void;
  /** The edit mask's strokes (photo pixels) and a new one painted with the Mask tool. */
  readonly mask: readonly Stroke[];
  readonly onMask: (stroke: Stroke) => void;
}

/** The photo and the crop box together (photo pixels): what the scene shows whole. */
function extentOf(photo: ImageOpened, box: CropBox | null): CropBox {
  if (box === null) return { left: 0, top: 0, width: photo.width, height: photo.height };
  const left = Math.min(0, box.left);
  const top = Math.min(0, box.top);
  return { left, top, width: Math.max(photo.width, box.left + box.width) - left, height: Math.max(photo.height, box.top + box.height) - top };
}

function layoutFor(photo: ImageOpened, size: Size, box: CropBox | null): Layout {
  const extent = extentOf(photo, box);
  const scale = Math.min(size.width / extent.width, size.height / extent.height);
  return {
    scale,
    left: (size.width - extent.width * scale) / 2 - extent.left * scale,
    top: (size.height - extent.height * scale) / 2 - extent.top * scale,
    extent,
  };
}

/** Whether the laid-out extent is the one `box` needs (else the scene is laid out again). */
function fitsLayout(layout: Layout, photo: ImageOpened, box: CropBox): boolean {
  const need = extentOf(photo, box);
  const e = layout.extent;
  return need.left === e.left && need.top === e.top && need.width === e.width && need.height === e.height;
}

/** The view's frame: the laid-out extent (the photo, and the box where it reaches past it). */
function frameOf(scene: Scene): Frame | null {
  const { layout, photo, size } = scene;
  if (!layout || !photo) return null;
  const { extent, scale } = layout;
  return { width: size.width, height: size.height, scale, photo: { left: layout.left + extent.left * scale, top: layout.top + extent.top * scale, width: extent.width * scale, height: extent.height * scale } };
}

function rectBox(rect: Rect, layout: Layout): CropBox {
  return {
    left: (rect.left - layout.left) / layout.scale,
    top: (rect.top - layout.top) / layout.scale,
    width: (rect.width * rect.scaleX) / layout.scale,
    height: (rect.height * rect.scaleY) / layout.scale,
  };
}

/**
 * Where a dragged box may go: its centre on the photo and its sides within MAX_CROP_SCALE × the
 * photo's longest side (what fitCrop with `{ outside: true }` keeps), so the engine can use it.
 */
function allowedBox(box: CropBox, photo: ImageOpened): boolean {
  const slack = 0.5;
  const cx = box.left + box.width / 2;
  const cy = box.top + box.height / 2;
  const side = MAX_CROP_SCALE * Math.max(photo.width, photo.height);
  return cx >= -slack && cy >= -slack && cx <= photo.width + slack && cy <= photo.height + slack && box.width <= side + slack && box.height <= side + slack && box.width >= MIN_CROP_SIDE - slack;
}

export interface PhotoCanvasProps {
  readonly photo: ImageOpened | null;
  readonly crop: CropBox | null;
  readonly onCrop: (box: CropBox) => void;
  readonly sketch: SketchProps;
  /** The colour the part of the crop box past the photo's edges is padded with (#rrggbb). */
  readonly padding?: string;
}

export function PhotoCanvas({ photo, crop, onCrop, sketch, padding = DEFAULT_PADDING }: PhotoCanvasProps) {
  const stageRef = useRef<HTMLDivElement>(null);
  const hostRef = useRef<HTMLDivElement>(null);
  const sceneRef = useRef<Scene | null>(null);
  const propsRef = useRef({ photo, crop, onCrop, sketch });
  propsRef.current = { photo, crop, onCrop, sketch };
  const paddingRef = useRef(padding);
  paddingRef.current = padding;
  const [size, setSize] = useState<Size>({ width: PHOTO_CANVAS_WIDTH, height: PHOTO_CANVAS_HEIGHT });
  /** The zoom as shown in the corner (percent of the photo's own pixels), null without a photo. */
  const [percent, setPercent] = useState<number | null>(null);
  const [zoomed, setZoomed] = useState(false);
  /** The view's offset in screen pixels ("x,y"), for tests and tools. */
  const [offset, setOffset] = useState('0,0');

  /** Puts a view on the canvas (clamped), and the brush and readout that depend on it. */
  const showView = useCallback((next: View) => {
    const scene = sceneRef.current;
    if (scene === null) return;
    const frame = frameOf(scene);
    const view = frame === null ? FIT : clampView(next, frame);
    scene.view = view;
    scene.canvas.setViewportTransform([view.zoom, 0, 0, view.zoom, view.x, view.y]);
    syncTool(scene, propsRef.current.sketch);
    setPercent(frame === null ? null : zoomPercent(view, frame));
    setZoomed(frame !== null && view.zoom > zoomLimits(frame).min + 1e-6);
    setOffset(`${Math.round(view.x)},${Math.round(view.y)}`);
  }, []);

  // 1. The fabric canvas, created on a fresh element so StrictMode's double mount is harmless;
  //    its size follows the stage's box; wheel and pan gestures.
  useEffect(() => {
    const host = hostRef.current;
    const stage = stageRef.current;
    if (host === null || stage === null) return;
    const element = document.createElement('canvas');
    host.append(element);
    const canvas = new Canvas(element, {
      width: PHOTO_CANVAS_WIDTH,
      height: PHOTO_CANVAS_HEIGHT,
      selection: false,
      uniformScaling: true,
      uniScaleKey: null,
      backgroundColor: BACKGROUND,
    });
    const scene: Scene = { canvas, strokes: [], maskStrokes: [], size: { width: PHOTO_CANVAS_WIDTH, height: PHOTO_CANVAS_HEIGHT }, view: FIT };
    sceneRef.current = scene;
    const keepAllowed = () => {
      const { rect, layout } = scene;
      const current = propsRef.current.photo;
      if (!rect || !layout || !current) return;
      if (allowedBox(rectBox(rect, layout), current)) {
        scene.valid = { left: rect.left, top: rect.top, scaleX: rect.scaleX, scaleY: rect.scaleY };
      } else if (scene.valid) {
        rect.set(scene.valid);
        rect.setCoords();
      }
      syncPad(scene);
    };
    canvas.on('object:moving', keepAllowed);
    canvas.on('object:scaling', keepAllowed);
    canvas.on('object:modified', () => {
      const { rect, layout } = scene;
      const current = propsRef.current.photo;
      if (!rect || !layout || !current) return;
      propsRef.current.onCrop(fitCrop(rectBox(rect, layout), current.width, current.height, current.aspect, { outside: true }));
    });
    // A finished brush stroke goes to the document (one undo step); effect 4 draws it from there.
    canvas.on('path:created', ({ path }) => {
      canvas.remove(path);
      const { layout } = scene;
      const { sketch: current } = propsRef.current;
      if (!layout) return;
      const commands = (path as Path).path as unknown as readonly (string | number)[][];
      const points = commands.map((cmd) => {
        const n = cmd.length;
        return [((cmd[n - 2] as number) - layout.left) / layout.scale, ((cmd[n - 1] as number) - layout.top) / layout.scale] as [number, number];
      });
      if (points.length === 0) return;
      const width = current.size / scene.view.zoom / layout.scale;
      if (current.tool === 'mask') current.onMask({ color: '#ffffff', width, points });
      else current.onStroke({ color: current.color, width, points });
    });
    const eraserAt = (info: TPointerEventInfo) => scene.erasing?.push([info.scenePoint.x, info.scenePoint.y]);
    canvas.on('mouse:down', (info) => {
      if (propsRef.current.sketch.tool !== 'eraser') return;
      scene.erasing = [];
      eraserAt(info);
    });
    canvas.on('mouse:move', eraserAt);
    canvas.on('mouse:up', () => {
      const { layout, erasing } = scene;
      scene.erasing = undefined;
      if (!layout || !erasing || erasing.length === 0) return;
      const { sketch: current } = propsRef.current;
      current.onErase(erasing.map(([x, y]) => [(x - layout.left) / layout.scale, (y - layout.top) / layout.scale]), current.size / 2 / scene.view.zoom / layout.scale);
    });

    // The canvas follows its stage's size.
    const measure = () => {
      const width = Math.max(MIN_SIDE, Math.floor(stage.clientWidth));
      const height = Math.max(MIN_SIDE, Math.floor(stage.clientHeight));
      if (width === scene.size.width && height === scene.size.height) return;
      setSize({ width, height });
    };
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    observer?.observe(stage);
    measure();

    // Ctrl+wheel zooms at the pointer (instead of the page); the wheel pans a zoomed photo.
    const onWheel = (event: WheelEvent) => {
      const frame = frameOf(scene);
      if (frame === null) return;
      const box = element.getBoundingClientRect();
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        showView(zoomAt(scene.view, wheelFactor(event.deltaY, event.deltaMode), event.clientX - box.left, event.clientY - box.top, frame));
        return;
      }
      if (scene.view.zoom <= zoomLimits(frame).min + 1e-6) return; // nothing to pan: the page scrolls
      event.preventDefault();
      const unit = event.deltaMode === 1 ? 33 : 1;
      const dx = (event.shiftKey ? event.deltaY : event.deltaX) * unit;
      const dy = (event.shiftKey ? 0 : event.deltaY) * unit;
      showView(panBy(scene.view, -dx, -dy, frame));
    };
    stage.addEventListener('wheel', onWheel, { passive: false });

    // Panning: Space held, the middle button, or (crop tool, zoomed) a press beside the crop box.
    let space = false;
    let panning: { id: number; x: number; y: number } | null = null;
    const besideBox = (event: PointerEvent) => {
      const { rect, view } = scene;
      if (!rect) return true;
      const box = element.getBoundingClientRect();
      const sx = (event.clientX - box.left - view.x) / view.zoom;
      const sy = (event.clientY - box.top - view.y) / view.zoom;
      const slack = (rect.cornerSize ?? 12) / view.zoom;
      const w = rect.width * rect.scaleX;
      const h = rect.height * rect.scaleY;
      return sx < rect.left - slack || sy < rect.top - slack || sx > rect.left + w + slack || sy > rect.top + h + slack;
    };
    const onPointerDown = (event: PointerEvent) => {
      const frame = frameOf(scene);
      if (frame === null) return;
      const canPan = scene.view.zoom > zoomLimits(frame).min + 1e-6;
      const cropDrag = event.button === 0 && propsRef.current.sketch.tool === 'crop' && canPan && besideBox(event);
      if (!(event.button === 1 || (space && event.button === 0) || cropDrag)) return;
      // Caught before fabric sees it: no box drag, no brush stroke.
      event.preventDefault();
      event.stopPropagation();
      host.focus();
      panning = { id: event.pointerId, x: event.clientX, y: event.clientY };
      stage.setPointerCapture?.(event.pointerId);
      stage.dataset.panning = 'true';
    };
    const onPointerMove = (event: PointerEvent) => {
      if (panning === null || event.pointerId !== panning.id) return;
      const frame = frameOf(scene);
      if (frame === null) return;
      event.stopPropagation();
      showView(panBy(scene.view, event.clientX - panning.x, event.clientY - panning.y, frame));
      panning = { ...panning, x: event.clientX, y: event.clientY };
    };
    const onPointerUp = (event: PointerEvent) => {
      if (panning === null || event.pointerId !== panning.id) return;
      event.stopPropagation();
      panning = null;
      stage.releasePointerCapture?.(event.pointerId);
      delete stage.dataset.panning;
    };
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.code !== 'Space' && event.key !== ' ') return;
      space = event.type === 'keydown';
      stage.dataset.space = space ? 'true' : 'false';
      if (event.type === 'keydown') event.preventDefault();
    };
    const onBlur = () => {
      space = false;
      stage.dataset.space = 'false';
    };
    stage.addEventListener('pointerdown', onPointerDown, { capture: true });
    stage.addEventListener('pointermove', onPointerMove, { capture: true });
    stage.addEventListener('pointerup', onPointerUp, { capture: true });
    stage.addEventListener('pointercancel', onPointerUp, { capture: true });
    host.addEventListener('keydown', onKey);
    host.addEventListener('keyup', onKey);
    host.addEventListener('blur', onBlur);

    return () => {
      observer?.disconnect();
      stage.removeEventListener('wheel', onWheel);
      stage.removeEventListener('pointerdown', onPointerDown, { capture: true });
      stage.removeEventListener('pointermove', onPointerMove, { capture: true });
      stage.removeEventListener('pointerup', onPointerUp, { capture: true });
      stage.removeEventListener('pointercancel', onPointerUp, { capture: true });
      host.removeEventListener('keydown', onKey);
      host.removeEventListener('keyup', onKey);
      host.removeEventListener('blur', onBlur);
      sceneRef.current = null;
      // dispose() puts the original element back where the wrapper was: remove both.
      const wrapper = canvas.wrapperEl;
      void canvas.dispose().finally(() => {
        wrapper.remove();
        element.remove();
      });
    };
  }, [showView]);

  // 2. A new photo: its preview scaled to fit, and a fresh crop rectangle.
  useEffect(() => {
    const scene = sceneRef.current;
    if (scene === null) return;
    const { canvas } = scene;
    canvas.clear();
    canvas.backgroundColor = BACKGROUND;
    scene.image = scene.rect = scene.pad = scene.layout = scene.valid = scene.photo = undefined;
    scene.strokes = [];
    scene.maskStrokes = [];
    showView(FIT);
    if (photo === null) {
      canvas.requestRenderAll();
      return;
    }
    let live = true;
    void FabricImage.fromURL(photo.preview).then((image) => {
      if (!live || sceneRef.current !== scene) return;
      image.set({ originX: 'left', originY: 'top', selectable: false, evented: false });
      const rect = new Rect({
        originX: 'left',
        originY: 'top',
        fill: 'transparent',
        stroke: '#4fc3f7',
        strokeWidth: 2,
        strokeUniform: true,
        lockRotation: true,
        lockScalingFlip: true,
        lockSkewingX: true,
        lockSkewingY: true,
        transparentCorners: false,
        cornerColor: '#4fc3f7',
        cornerStrokeColor: '#0b3d52',
        cornerSize: 12,
        borderColor: '#4fc3f7',
        hoverCursor: 'move',
      });
      rect.setControlsVisibility({ mt: false, mb: false, ml: false, mr: false, mtr: false });
      const pad = new Rect({ originX: 'left', originY: 'top', fill: paddingRef.current, strokeWidth: 0, selectable: false, evented: false });
      canvas.add(pad, image, rect);
      canvas.setActiveObject(rect);
      Object.assign(scene, { image, rect, pad, photo });
      const current = propsRef.current;
      placeScene(scene, fitCrop(current.crop ?? photo.defaultCrop, photo.width, photo.height, photo.aspect, { outside: true }), current.sketch);
      showView(FIT);
    });
    return () => {
      live = false;
    };
    // Only a new photo rebuilds the scene; later crop changes go through effect 3.
  }, [photo, showView]);

  // 2b. The canvas resized with the page: same scene, laid out again, shown whole.
  useEffect(() => {
    const scene = sceneRef.current;
    if (scene === null) return;
    scene.size = size;
    scene.canvas.setDimensions(size);
    const current = propsRef.current;
    if (scene.photo && current.crop) placeScene(scene, current.crop, current.sketch);
    showView(FIT);
  }, [size, showView]);

  // 3. The crop box from the state (keyboard, reset, fit whole object, a new photo) onto the
  //    rectangle; a box past the laid-out extent (or back inside it) lays the scene out again.
  useEffect(() => {
    const scene = sceneRef.current;
    if (!scene || !crop) return;
    if (scene.layout && scene.photo && !fitsLayout(scene.layout, scene.photo, crop)) {
      placeScene(scene, crop, propsRef.current.sketch);
      showView(FIT);
    } else {
      syncRect(scene, crop);
    }
  }, [crop, showView]);

  // 4. The sketch and the mask from the document (a stroke, undo, redo, the eraser) onto the canvas.
  useEffect(() => {
    const scene = sceneRef.current;
    if (scene) syncStrokes(scene, sketch.strokes, sketch.mask);
  }, [sketch.strokes, sketch.mask]);

  // 4b. The padding colour.
  useEffect(() => {
    const scene = sceneRef.current;
    if (!scene?.pad) return;
    scene.pad.set({ fill: padding });
    scene.canvas.requestRenderAll();
  }, [padding]);

  // 5. The tool: free drawing for the brush; the crop box only moves with the crop tool.
  useEffect(() => {
    const scene = sceneRef.current;
    if (scene) syncTool(scene, { tool: sketch.tool, color: sketch.color, size: sketch.size });
  }, [sketch.tool, sketch.color, sketch.size]);

  const fit = () => showView(FIT);
  const hundred = () => {
    const scene = sceneRef.current;
    const frame = scene ? frameOf(scene) : null;
    if (scene === null || frame === null) return;
    // Centred on the crop box: what one is about to embed.
    const r = scene.rect;
    const cx = r ? r.left + (r.width * r.scaleX) / 2 : frame.width / 2;
    const cy = r ? r.top + (r.height * r.scaleY) / 2 : frame.height / 2;
    showView(actualSize(cx, cy, frame));
  };
  const zoomBy = (factor: number) => {
    const scene = sceneRef.current;
    const frame = scene ? frameOf(scene) : null;
    if (scene === null || frame === null) return;
    showView(zoomAt(scene.view, factor, frame.width / 2, frame.height / 2, frame));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (photo === null || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'f' || event.key === 'F') {
      event.preventDefault();
      return fit();
    }
    if (event.key === '1') {
      event.preventDefault();
      return hundred();
    }
    if (crop === null || sketch.tool !== 'crop') return;
    const next = cropForKey(event.key, event.shiftKey, crop, photo);
    if (next === null) return;
    event.preventDefault();
    if (next !== crop) onCrop(next);
  };

  return (
    <div className="photo-stage" ref={stageRef} data-zoom={percent ?? ''} data-zoomed={zoomed ? 'true' : 'false'} data-offset={offset}>
      <div
        className="photo-canvas"
        ref={hostRef}
        tabIndex={0}
        role="group"
        data-tool={sketch.tool}
        data-strokes={sketch.strokes.length}
        data-mask-strokes={sketch.mask.length}
        aria-label="Photo with crop box: drag the box or a corner; arrow keys move it, + and − resize it; Ctrl+wheel zooms, F fits, 1 shows 100 %"
        onKeyDown={onKeyDown}
      />
      {photo !== null ? (
        <div className="photo-zoom" role="toolbar" aria-label="Photo zoom">
          <button type="button" onClick={() => zoomBy(1 / 1.5)} disabled={!zoomed} aria-label="Zoom out of the photo" title="Ctrl+wheel down">
            −
          </button>
          <output aria-label="Photo zoom level" data-testid="photo-zoom">
            {percent === null ? '' : `${percent} %`}
          </output>
          <button type="button" onClick={() => zoomBy(1.5)} aria-label="Zoom into the photo" title="Ctrl+wheel up">
            +
          </button>
          <button type="button" onClick={fit} aria-label="Fit the photo in view" title="F">
            Fit
          </button>
          <button type="button" onClick={hundred} aria-label="Zoom the photo to 100 %" title="1: one photo pixel per screen pixel">
            100 %
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** Lays the photo, crop box and strokes out for the canvas's current size (zoom 1: the fit). */
function placeScene(scene: Scene, box: CropBox, strokes: Pick<SketchProps, 'strokes' | 'mask'>): void {
  const { image, photo } = scene;
  if (!image || !photo) return;
  const layout = layoutFor(photo, scene.size, box);
  scene.layout = layout;
  image.set({
    left: layout.left,
    top: layout.top,
    scaleX: (photo.width * layout.scale) / image.width,
    scaleY: (photo.height * layout.scale) / image.height,
  });
  image.setCoords();
  syncRect(scene, box);
  syncStrokes(scene, strokes.strokes, strokes.mask);
}

/** Puts the rectangle exactly on `box` (photo pixels). */
function syncRect(scene: Scene, box: CropBox): void {
  const { rect, layout, canvas } = scene;
  if (!rect || !layout) return;
  rect.set({
    left: layout.left + box.left * layout.scale,
    top: layout.top + box.top * layout.scale,
    width: box.width * layout.scale,
    height: box.height * layout.scale,
    scaleX: 1,
    scaleY: 1,
  });
  rect.setCoords();
  scene.valid = { left: rect.left, top: rect.top, scaleX: 1, scaleY: 1 };
  syncPad(scene);
  canvas.requestRenderAll();
}

/** The padding rectangle on the crop rectangle's area (it shows only where the photo does not). */
function syncPad(scene: Scene): void {
  const { pad, rect } = scene;
  if (!pad || !rect) return;
  pad.set({ left: rect.left, top: rect.top, width: rect.width * rect.scaleX, height: rect.height * rect.scaleY });
  pad.setCoords();
}

/** Strokes (photo pixels) as polylines on the scene. */
function strokeLines(layout: Layout, strokes: readonly Stroke[], colour?: string): FabricObject[] {
  return strokes.map((s) => {
    const points = (s.points.length === 1 ? [s.points[0]!, s.points[0]!] : s.points).map(([x, y]) => ({ x: layout.left + x * layout.scale, y: layout.top + y * layout.scale }));
    return new Polyline(points, { stroke: colour ?? s.color, strokeWidth: s.width * layout.scale, fill: '', strokeLineCap: 'round', strokeLineJoin: 'round', selectable: false, evented: false });
  });
}

/** Redraws the sketch's strokes and the mask between the photo and the crop box. */
function syncStrokes(scene: Scene, strokes: readonly Stroke[], mask: readonly Stroke[]): void {
  const { canvas, layout, rect } = scene;
  for (const o of [...scene.strokes, ...scene.maskStrokes]) canvas.remove(o);
  scene.strokes = [];
  scene.maskStrokes = [];
  if (!layout) return;
  scene.strokes = strokeLines(layout, strokes);
  scene.maskStrokes = strokeLines(layout, mask, MASK_COLOUR);
  for (const line of [...scene.strokes, ...scene.maskStrokes]) canvas.add(line);
  if (rect) canvas.bringObjectToFront(rect);
  canvas.requestRenderAll();
}

/** The tool on the canvas; the brush is `size` screen pixels wide at the current zoom. */
function syncTool(scene: Scene, { tool, color, size }: Pick<SketchProps, 'tool' | 'color' | 'size'>): void {
  const { canvas, rect } = scene;
  canvas.isDrawingMode = tool === 'brush' || tool === 'mask';
  if (tool === 'brush' || tool === 'mask') {
    const brush = new PencilBrush(canvas);
    brush.color = tool === 'mask' ? MASK_COLOUR : color;
    brush.width = size / scene.view.zoom;
    canvas.freeDrawingBrush = brush;
  }
  if (rect) {
    rect.set({ selectable: tool === 'crop', evented: tool === 'crop' });
    if (tool === 'crop') canvas.setActiveObject(rect);
    else canvas.discardActiveObject();
    rect.setCoords();
  }
  canvas.defaultCursor = tool === 'eraser' ? 'cell' : 'default';
  canvas.requestRenderAll();
}
