/** Sketch and re-embed: the pointer's tool over the photo, brush colour and size, Clear, Re-embed. */
import type { SketchTool } from './photo-canvas';

export interface SketchToolsProps {
  readonly tool: SketchTool;
  readonly onTool: (tool: SketchTool) => void;
  readonly color: string;
  readonly onColor: (color: string) => void;
  readonly size: number;
  readonly onSize: (size: number) => void;
  readonly strokes: number;
  readonly onClear: () => void;
  readonly canReembed: boolean;
  readonly onReembed: () => void;
}

const TOOLS: readonly { id: SketchTool; label: string }[] = [
  { id: 'crop', label: 'Crop' },
  { id: 'brush', label: 'Brush' },
  { id: 'eraser', label: 'Eraser' },
];

export function SketchTools(p: SketchToolsProps) {
  return (
    <div className="sketch-tools group" role="toolbar" aria-label="Sketch">
      {TOOLS.map((t) => (
        <button key={t.id} type="button" aria-pressed={p.tool === t.id} aria-label={`${t.label} tool`} onClick={() => p.onTool(t.id)}>
          {t.label}
        </button>
      ))}
      <input type="color" value={p.color} onChange={(e) => p.onColor(e.target.value)} aria-label="Brush colour" />
      <input type="range" min={1} max={60} value={p.size} onChange={(e) => p.onSize(Number(e.target.value))} aria-label="Brush size" />
      <button type="button" onClick={p.onClear} disabled={p.strokes === 0} aria-label="Clear the sketch">
        Clear
      </button>
      <button type="button" onClick={p.onReembed} disabled={!p.canReembed} aria-label="Re-embed the sketched crop">
        Re-embed
      </button>
    </div>
  );
}
