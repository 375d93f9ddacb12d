/**
 * Sketch and re-embed: the pointer's tool over the photo, brush colour and size, Clear, Re-embed;
 * and the edit mask (faithful edits): the Mask tool paints where the edit goes, Clear mask removes
 * it (each stroke and each clear an undo step).
 */
import type { Brush, SketchTool } from './photo-canvas';

export interface SketchToolsProps {
  readonly brush: Brush;
  /** A new tool, colour or size (the rest of the brush stays). */
  readonly onBrush: (change: Partial<Brush>) => void;
  /** The strokes on the open photo: how many (Clear needs one), and Clear. */
  readonly strokes: { readonly count: number; readonly clear: () => void };
  /** Re-embed: the crop again, with the sketch drawn on the photo. */
  readonly reembed: { readonly canRun: boolean; readonly run: () => void };
  /** The edit mask's strokes on the open photo: how many, and Clear mask. */
  readonly mask: { readonly count: number; readonly clear: () => void };
}

const TOOLS: readonly { id: SketchTool; label: string }[] = [
  { id: 'crop', label: 'Crop' },
  { id: 'brush', label: 'Brush' },
  { id: 'eraser', label: 'Eraser' },
  { id: 'mask', label: 'Mask' },
];

const TITLES: Record<SketchTool, string> = {
  crop: 'Move and resize the crop box',
  brush: 'Draw on the photo; Re-embed embeds the crop with the drawing',
  eraser: 'Remove the sketch strokes it touches',
  mask: 'Paint where the edit goes: outside the mask the photo stays as it is (feathered by a few pixels)',
};

export function SketchTools({ brush, onBrush, strokes, reembed, mask }: SketchToolsProps) {
  return (
    <div className="sketch-tools group" role="toolbar" aria-label="Sketch">
      {TOOLS.map((t) => (
        <button key={t.id} type="button" aria-pressed={brush.tool === t.id} aria-label={`${t.label} tool`} title={TITLES[t.id]} onClick={() => onBrush({ tool: t.id })}>
          {t.label}
        </button>
      ))}
      <input type="color" value={brush.color} onChange={(e) => onBrush({ color: e.target.value })} aria-label="Brush colour" />
      <input type="range" min={1} max={60} value={brush.size} onChange={(e) => onBrush({ size: Number(e.target.value) })} aria-label="Brush size" />
      <button type="button" onClick={strokes.clear} disabled={strokes.count === 0} aria-label="Clear the sketch">
        Clear
      </button>
      <button type="button" onClick={reembed.run} disabled={!reembed.canRun} aria-label="Re-embed the sketched crop">
        Re-embed
      </button>
      <button type="button" onClick={mask.clear} disabled={mask.count === 0} aria-label="Clear the mask">
        Clear mask
      </button>
    </div>
  );
}
