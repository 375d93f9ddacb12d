/**
 * The photo on a fabric.js canvas with the crop box: drag to move it, drag a corner to resize it
 * (the aspect ratio stays the pack's: side handles and rotation are hidden, scaling is uniform),
 * or focus the canvas and use the arrow keys (Shift: larger steps) and + / − . The box is kept
 * inside the photo; its position is reported in the photo's own pixels.
 */
import { Canvas, FabricImage, Rect } from 'fabric';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { CropBox, ImageOpened } from '../../../electron/shared/contract';
import { fitCrop, moveCrop, scaleCrop } from '../../../electron/shared/crop-geometry';

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
}

export function PhotoCanvas({ photo, crop, onCrop }: PhotoCanvasProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const sceneRef = useRef<Scene | null>(null);
  const propsRef = useRef({ photo, onCrop });
  propsRef.current = { photo, onCrop };

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
    const scene: Scene = { canvas };
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

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (photo === null || crop === null) return;
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
