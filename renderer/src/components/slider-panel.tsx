/**
 * One slider per direction of the pack: label, range, numeric value, reset; and reset all. A drag
 * regenerates live; releasing the slider (its `change` event) records one undo step.
 */
import { useEffect, useRef } from 'react';
import type { DirectionInfo } from '../../../electron/shared/contract';
import type { Sliders } from '../state/editor-doc';

interface RowProps {
  readonly direction: DirectionInfo;
  readonly value: number;
  readonly disabled: boolean;
  readonly onSlide: (id: string, value: number) => void;
  readonly onCommit: () => void;
  readonly onReset: (id: string) => void;
}

function SliderRow({ direction, value, disabled, onSlide, onCommit, onReset }: RowProps) {
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
    <div className="slider-row" title={direction.description}>
      <label htmlFor={id}>{direction.label}</label>
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
    </div>
  );
}

export interface SliderPanelProps {
  readonly directions: readonly DirectionInfo[];
  readonly sliders: Sliders;
  readonly disabled: boolean;
  readonly onSlide: (id: string, value: number) => void;
  readonly onCommit: () => void;
  readonly onReset: (id: string) => void;
  readonly onResetAll: () => void;
}

export function SliderPanel({ directions, sliders, disabled, onSlide, onCommit, onReset, onResetAll }: SliderPanelProps) {
  const edited = directions.some((d) => (sliders[d.id] ?? 0) !== 0);
  return (
    <section className="slider-panel" aria-label="Attribute sliders">
      <header>
        <h2>Sliders</h2>
        <button type="button" disabled={disabled || !edited} onClick={onResetAll} aria-label="Reset all sliders">
          Reset all
        </button>
      </header>
      {directions.length === 0 ? <p className="muted">This pack has no directions.</p> : null}
      {directions.map((d) => (
        <SliderRow key={d.id} direction={d} value={sliders[d.id] ?? 0} disabled={disabled} onSlide={onSlide} onCommit={onCommit} onReset={onReset} />
      ))}
      <p className="muted">Values in units of σ, the spread of the training seeds along each direction.</p>
    </section>
  );
}
