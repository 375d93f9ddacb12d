/**
 * The photo on a fabric.js canvas with the crop box: drag to move it, drag a corner to resize it
 * (the aspect ratio stays the pack's: side handles and rotation are hidden, scaling is uniform),
 * or focus the canvas and use the arrow keys (Shift: larger steps) and + / − . The box is kept
 * inside the photo; its position is reported in the photo's own pixels.
 */
import { Canvas, FabricImage, PencilBrush, Polyline, Rect, type FabricObject, type Path, type TPointerEventInfo } from 'fabric';
import type { Stroke } from '../../../electron/contract/sketch-schema';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { CropBox, ImageOpened } from '../../../electron/contract/contract';
import { fitCrop, moveCrop, scaleCrop } from '../../../electron/contract/crop-geometry';

export const PHOTO_CANVAS_WIDTH = 520;
export const PHOTO_CANVAS_HEIGHT = 420;

interface Layout {
  /** Canvas pixels per photo pixel. */
  readonly scale: number;
  readonly left: number;
  readonly top: number;
}

interface Scene {
  readonly canvas: Canvas;
  image?: FabricImage;
  rect?: Rect;
  layout?: Layout;
  /** The last rect geometry inside the photo, restored when a drag would leave it. */
  valid?: { left: number; top: number; scaleX: number; scaleY: number };
  /** The sketch's strokes as drawn objects (rebuilt from the document on every change). */
  strokes: FabricObject[];
  /** The eraser's path while the button is down, in canvas pixels. */
  erasing?: [number, number][];
}

/** What the pointer does on the photo: move the crop box, draw, or erase strokes. */
export type SketchTool = 'crop' | 'brush' | 'eraser';

/** The pointer's tool and the brush it draws (or erases) with. */
export interface Brush {
  readonly tool: SketchTool;
  readonly color: string;
  /** Brush and eraser diameter in canvas pixels (what the user sees). */
  readonly size: number;
}

export interface SketchProps extends Brush {
  readonly strokes: readonly Stroke[];
  readonly onStroke: (stroke: Stroke) => void;
  /** The eraser's path and radius, in photo pixels. */
  readonly onErase: (path: [number, number][], radius: number) => void;
}

function layoutFor(photo: ImageOpened): Layout {
  const scale = Math.min(PHOTO_CANVAS_WIDTH / photo.width, PHOTO_CANVAS_HEIGHT / photo.height);
  return { scale, left: (PHOTO_CANVAS_WIDTH - photo.width * scale) / 2, top: (PHOTO_CANVAS_HEIGHT - photo.height * scale) / 2 };
}

function rectBox(rect: Rect, layout: Layout): CropBox {
  return {
    left: (rect.left - layout.left) / layout.scale,
    top: (rect.top - layout.top) / layout.scale,
    width: (rect.width * rect.scaleX) / layout.scale,
    height: (rect.height * rect.scaleY) / layout.scale,
  };
}

function insidePhoto(box: CropBox, photo: ImageOpened): boolean {
  const slack = 0.5;
  return box.left >= -slack && box.top >= -slack && box.left + box.width <= photo.width + slack && box.top + box.height <= photo.height + slack;
}

export interface PhotoCanvasProps {
  readonly photo: ImageOpened | null;
  readonly crop: CropBox | null;
  readonly onCrop: (box: CropBox) => void;
  readonly sketch: SketchProps;
}

export function PhotoCanvas({ photo, crop, onCrop, sketch }: PhotoCanvasProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const sceneRef = useRef<Scene | null>(null);
  const propsRef = useRef({ photo, onCrop, sketch });
  propsRef.current = { photo, onCrop, sketch };

  // 1. The fabric canvas, created on a fresh element so StrictMode's double mount is harmless.
  useEffect(() => {
    const host = hostRef.current;
    if (host === null) return;
    const element = document.createElement('canvas');
    host.append(element);
    const canvas = new Canvas(element, {
      width: PHOTO_CANVAS_WIDTH,
      height: PHOTO_CANVAS_HEIGHT,
      selection: false,
      uniformScaling: true,
      uniScaleKey: null,
      backgroundColor: '#141618',
    });
    const scene: Scene = { canvas, strokes: [] };
    sceneRef.current = scene;
    const keepInside = () => {
      const { rect, layout } = scene;
      const current = propsRef.current.photo;
      if (!rect || !layout || !current) return;
      if (insidePhoto(rectBox(rect, layout), current)) {
        scene.valid = { left: rect.left, top: rect.top, scaleX: rect.scaleX, scaleY: rect.scaleY };
      } else if (scene.valid) {
        rect.set(scene.valid);
        rect.setCoords();
      }
    };
    canvas.on('object:moving', keepInside);
    canvas.on('object:scaling', keepInside);
    canvas.on('object:modified', () => {
      const { rect, layout } = scene;
      const current = propsRef.current.photo;
      if (!rect || !layout || !current) return;
      propsRef.current.onCrop(fitCrop(rectBox(rect, layout), current.width, current.height, current.aspect));
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
      if (points.length > 0) current.onStroke({ color: current.color, width: current.size / layout.scale, points });
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
      current.onErase(erasing.map(([x, y]) => [(x - layout.left) / layout.scale, (y - layout.top) / layout.scale]), current.size / 2 / layout.scale);
    });
    return () => {
      sceneRef.current = null;
      // dispose() puts the original element back where the wrapper was: remove both.
      const wrapper = canvas.wrapperEl;
      void canvas.dispose().finally(() => {
        wrapper.remove();
        element.remove();
      });
    };
  }, []);

  // 2. A new photo: its preview scaled to fit, and a fresh crop rectangle.
  useEffect(() => {
    const scene = sceneRef.current;
    if (scene === null) return;
    const { canvas } = scene;
    canvas.clear();
    canvas.backgroundColor = '#141618';
    scene.image = scene.rect = scene.layout = scene.valid = undefined;
    scene.strokes = [];
    if (photo === null) {
      canvas.requestRenderAll();
      return;
    }
    let live = true;
    void FabricImage.fromURL(photo.preview).then((image) => {
      if (!live || sceneRef.current !== scene) return;
      const layout = layoutFor(photo);
      image.set({
        originX: 'left',
        originY: 'top',
        left: layout.left,
        top: layout.top,
        scaleX: (photo.width * layout.scale) / image.width,
        scaleY: (photo.height * layout.scale) / image.height,
        selectable: false,
        evented: false,
      });
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
      canvas.add(image, rect);
      canvas.setActiveObject(rect);
      Object.assign(scene, { image, rect, layout });
      syncRect(scene, fitCrop(crop ?? photo.defaultCrop, photo.width, photo.height, photo.aspect));
      syncStrokes(scene, propsRef.current.sketch.strokes);
      syncTool(scene, propsRef.current.sketch);
    });
    return () => {
      live = false;
    };
    // Only a new photo rebuilds the scene; later crop changes go through the next effect (the
    // crop read here is the new photo's, set in the same render).
  }, [photo]);

  // 3. The crop box from the state (keyboard, reset, a new photo) onto the rectangle.
  useEffect(() => {
    const scene = sceneRef.current;
    if (scene && crop) syncRect(scene, crop);
  }, [crop]);

  // 4. The sketch from the document (a stroke, undo, redo, the eraser) onto the canvas.
  useEffect(() => {
    const scene = sceneRef.current;
    if (scene) syncStrokes(scene, sketch.strokes);
  }, [sketch.strokes]);

  // 5. The tool: free drawing for the brush; the crop box only moves with the crop tool.
  useEffect(() => {
    const scene = sceneRef.current;
    if (scene) syncTool(scene, { tool: sketch.tool, color: sketch.color, size: sketch.size });
  }, [sketch.tool, sketch.color, sketch.size]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (photo === null || crop === null || sketch.tool !== 'crop') return;
    const step = Math.max(1, Math.round(Math.max(photo.width, photo.height) * (event.shiftKey ? 0.1 : 0.01)));
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    let next: CropBox | null = null;
    if (moves[event.key]) next = moveCrop(crop, moves[event.key]![0], moves[event.key]![1], photo.width, photo.height, photo.aspect);
    else if (event.key === '+' || event.key === '=') next = scaleCrop(crop, event.shiftKey ? 1.2 : 1.05, photo.width, photo.height, photo.aspect);
    else if (event.key === '-' || event.key === '_') next = scaleCrop(crop, event.shiftKey ? 1 / 1.2 : 1 / 1.05, photo.width, photo.height, photo.aspect);
    if (next === null) return;
    event.preventDefault();
    onCrop(next);
  };

  return (
    <div
      className="photo-canvas"
      ref={hostRef}
      tabIndex={0}
      role="group"
      data-tool={sketch.tool}
      data-strokes={sketch.strokes.length}
      aria-label="Photo with crop box: drag the box or a corner; arrow keys move it, + and − resize it"
      onKeyDown={onKeyDown}
    />
  );
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
  canvas.requestRenderAll();
}

/** Redraws the sketch's strokes between the photo and the crop box. */
function syncStrokes(scene: Scene, strokes: readonly Stroke[]): void {
  const { canvas, layout, rect } = scene;
  for (const o of scene.strokes) canvas.remove(o);
  scene.strokes = [];
  if (!layout) return;
  for (const s of strokes) {
    const points = (s.points.length === 1 ? [s.points[0]!, s.points[0]!] : s.points).map(([x, y]) => ({ x: layout.left + x * layout.scale, y: layout.top + y * layout.scale }));
    const line = new Polyline(points, { stroke: s.color, strokeWidth: s.width * layout.scale, fill: '', strokeLineCap: 'round', strokeLineJoin: 'round', selectable: false, evented: false });
    scene.strokes.push(line);
    canvas.add(line);
  }
  if (rect) canvas.bringObjectToFront(rect);
  canvas.requestRenderAll();
}

function syncTool(scene: Scene, { tool, color, size }: Pick<SketchProps, 'tool' | 'color' | 'size'>): void {
  const { canvas, rect } = scene;
  canvas.isDrawingMode = tool === 'brush';
  if (tool === 'brush') {
    const brush = new PencilBrush(canvas);
    brush.color = color;
    brush.width = size;
    canvas.freeDrawingBrush = brush;
  }
  if (rect) {
    rect.set({ selectable: tool === 'crop', evented: tool === 'crop' });
    if (tool === 'crop') canvas.setActiveObject(rect);
    else canvas.discardActiveObject();
  }
  canvas.defaultCursor = tool === 'eraser' ? 'cell' : 'default';
  canvas.requestRenderAll();
}
