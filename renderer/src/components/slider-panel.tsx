/**
 * One slider per direction of the pack: label, range, numeric value, reset; and reset all. A drag
 * regenerates live; releasing the slider (its `change` event) records one undo step. The user's
 * custom sliders (made from example folders) follow the pack's, marked and with a delete button;
 * "New slider from examples…" opens the form that makes one.
 */
import { useEffect, useRef, useState } from 'react';
import type { DirectionCreated, DirectionInfo, ReseedApi } from '../../../electron/contract/contract';
import type { Sliders } from '../state/editor-doc';
import { NewSliderForm } from './new-slider-form';

/** Moving and resetting the sliders; `commit` records the values as one undo step. */
export interface SliderEdits {
  readonly slide: (id: string, value: number) => void;
  readonly commit: () => void;
  readonly reset: (id: string) => void;
  readonly resetAll: () => void;
}

/** The user's own sliders: the new-slider form (folder fields, create) and deleting one. */
export interface CustomSliders {
  readonly api: ReseedApi;
  readonly native: boolean;
  /** A custom slider was made: the pack's directions must be read again. */
  readonly onCreated: () => void;
  readonly remove: (id: string) => void;
}

interface RowProps {
  readonly direction: DirectionInfo;
  readonly value: number;
  readonly disabled: boolean;
  readonly edit: SliderEdits;
  readonly onDelete: (id: string) => void;
}

function SliderRow({ direction, value, disabled, edit, onDelete }: RowProps) {
  const { slide: onSlide, commit: onCommit, reset: onReset } = edit;
  const rangeRef = useRef<HTMLInputElement>(null);
  // React's onChange fires on every input; the native `change` fires once on release.
  useEffect(() => {
    const range = rangeRef.current;
    if (range === null) return;
    range.addEventListener('change', onCommit);
    return () => range.removeEventListener('change', onCommit);
  }, [onCommit]);
  const id = `slider-${direction.id}`;
  const step = (direction.max - direction.min) / 120;
  return (
    <div className={`slider-row${direction.custom ? ' custom' : ''}`} title={direction.description}>
      <label htmlFor={id}>
        {direction.label}
        {direction.custom ? <span className="badge" aria-label="custom slider">custom</span> : null}
      </label>
      <input
        id={id}
        ref={rangeRef}
        type="range"
        min={direction.min}
        max={direction.max}
        step={Number(step.toFixed(3))}
        value={value}
        disabled={disabled}
        aria-label={direction.label}
        aria-valuetext={`${value.toFixed(2)} σ`}
        data-direction={direction.id}
        onChange={(e) => onSlide(direction.id, Number(e.target.value))}
      />
      <input
        type="number"
        className="slider-value"
        min={direction.min}
        max={direction.max}
        step={0.05}
        value={value}
        disabled={disabled}
        aria-label={`${direction.label} value (σ)`}
        onChange={(e) => e.target.value !== '' && onSlide(direction.id, Number(e.target.value))}
        onBlur={onCommit}
        onKeyDown={(e) => e.key === 'Enter' && onCommit()}
      />
      <button type="button" className="reset" disabled={disabled || value === 0} aria-label={`Reset ${direction.label}`} onClick={() => onReset(direction.id)}>
        ↺
      </button>
      {direction.custom ? (
        <button type="button" className="delete" aria-label={`Delete the custom slider ${direction.label}`} onClick={() => onDelete(direction.id)}>
          ✕
        </button>
      ) : null}
    </div>
  );
}

export interface SliderPanelProps {
  readonly directions: readonly DirectionInfo[];
  readonly sliders: Sliders;
  /** No seed yet: nothing to edit. */
  readonly disabled: boolean;
  readonly edit: SliderEdits;
  readonly custom: CustomSliders;
}

/** What the panel says after a slider was made: how many pictures each side used or skipped. */
function createdLine(created: DirectionCreated): string {
  const skipped = created.with.skipped + created.without.skipped;
  const capped = created.with.truncated || created.without.truncated ? '; only the first 200 of a folder are read' : '';
  return `Added “${created.direction.label}” from ${created.with.used} + ${created.without.used} pictures${skipped > 0 ? `, ${skipped} unreadable skipped` : ''}${capped}.`;
}

export function SliderPanel({ directions, sliders, disabled, edit, custom }: SliderPanelProps) {
  const edited = directions.some((d) => (sliders[d.id] ?? 0) !== 0);
  const [creating, setCreating] = useState(false);
  const [made, setMade] = useState<string | null>(null);
  return (
    <section className="slider-panel" aria-label="Attribute sliders">
      <header>
        <h2>Sliders</h2>
        <button type="button" disabled={disabled || !edited} onClick={edit.resetAll} aria-label="Reset all sliders">
          Reset all
        </button>
      </header>
      {directions.length === 0 ? <p className="muted">This pack has no directions.</p> : null}
      {directions.map((d) => (
        <SliderRow key={d.id} direction={d} value={sliders[d.id] ?? 0} disabled={disabled} edit={edit} onDelete={custom.remove} />
      ))}
      {creating ? (
        <NewSliderForm
          api={custom.api}
          native={custom.native}
          onClose={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            setMade(createdLine(created));
            custom.onCreated();
          }}
        />
      ) : (
        <button type="button" className="link" aria-label="New slider from examples" onClick={() => {
            setMade(null);
            setCreating(true);
          }}>
          New slider from examples…
        </button>
      )}
      {made !== null ? (
        <p className="muted" data-testid="slider-created">
          {made}
        </p>
      ) : null}
      <p className="muted">Values in units of σ, the spread of the training seeds along each direction.</p>
    </section>
  );
}
