/**
 * One slider per direction of the pack: label, range, numeric value, reset; and reset all. A drag
 * regenerates live; releasing the slider (its `change` event) records one undo step. The user's
 * custom sliders (made from example folders) follow the pack's, marked and with a delete button;
 * "New slider from examples…" opens the form that makes one.
 *
 * Each range input steps on a grid through 0 with a detent there (state/slider-scale.ts), a
 * double-click puts it back to 0, and hovering (or focusing) it shows the seed at the slider's
 * two ends (hooks/use-slider-previews.ts).
 *
 * Faithful edits (state/faithful.ts): "Keep details" with its strength over the sliders (a
 * setting), and a lock button on each row (an undo step): a locked slider's attribute of the
 * picture stays where it was while the others move; its own value still applies. A lock that can
 * only project says so beside the slider and in its tooltip.
 */
import { useEffect, useRef, useState } from 'react';
import type { DirectionCreated, DirectionInfo, LockStatusInfo, ReseedApi } from '../../../electron/contract/contract';
import type { Sliders } from '../state/editor-doc';
import { lockNote, lockTitle, strengthText, type KeepDetails } from '../state/faithful';
import { sliderStep, withDetent } from '../state/slider-scale';
import type { SliderPreviews } from '../hooks/use-slider-previews';
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

/** Keep details (a setting) and the locks (in the document). */
export interface FaithfulControls {
  readonly keep: KeepDetails;
  /** Live while the strength is dragged; `commit` saves it (Settings) on release. */
  readonly setKeep: (keep: KeepDetails) => void;
  readonly commitKeep: (keep?: KeepDetails) => void;
  /** Keep details needs an embedded photo (a generated seed has none). */
  readonly keepApplies: boolean;
  readonly locks: readonly string[];
  readonly toggleLock: (id: string) => void;
  /** What each lock did for the shown image (the engine's answer). */
  readonly statuses: readonly LockStatusInfo[];
}

interface RowProps {
  readonly direction: DirectionInfo;
  readonly value: number;
  readonly disabled: boolean;
  readonly edit: SliderEdits;
  readonly onDelete: (id: string) => void;
  readonly previews?: SliderPreviews;
  readonly locked: boolean;
  readonly onLock: (id: string) => void;
  readonly lockStatus?: LockStatusInfo;
}

/** A padlock, shut or open (drawn: emoji fonts are not everywhere). */
function LockIcon({ locked }: { locked: boolean }) {
  return (
    <svg width="12" height="14" viewBox="0 0 12 14" aria-hidden="true" focusable="false">
      <rect x="1" y="6" width="10" height="7.5" rx="1.5" fill="currentColor" />
      <path d={locked ? 'M3.2 6V4.2a2.8 2.8 0 0 1 5.6 0V6' : 'M3.2 6V4.2a2.8 2.8 0 0 1 5.6 0V3'} fill="none" stroke="currentColor" strokeWidth="1.6" />
    </svg>
  );
}

/** A value as the slider's ends are labelled: "−4σ", "+8σ". */
function sigma(value: number): string {
  const text = Number.isInteger(value) ? String(Math.abs(value)) : Math.abs(value).toFixed(1);
  return `${value < 0 ? '−' : value > 0 ? '+' : ''}${text}σ`;
}

function SliderRow({ direction, value, disabled, edit, onDelete, previews, locked, onLock, lockStatus }: RowProps) {
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
  const step = sliderStep(direction.min, direction.max);
  // The detent is for the pointer: the arrow keys step off 0 one step at a time.
  const dragging = useRef(false);
  const strip = disabled ? null : (previews?.strip(direction.id) ?? null);
  const show = () => !disabled && previews?.show(direction.id);
  const hide = () => previews?.hide(direction.id);
  return (
    <div className={`slider-row${direction.custom ? ' custom' : ''}${locked ? ' locked' : ''}`} title={direction.description} onPointerEnter={show} onPointerLeave={hide}>
      <label htmlFor={id}>
        {direction.label}
        {direction.custom ? <span className="badge" aria-label="custom slider">custom</span> : null}
        {locked ? (
          <span className={`lock-note${(lockStatus?.mode ?? direction.lock) === 'projection-only' ? ' projection' : ''}`} data-testid={`lock-note-${direction.id}`}>
            {lockNote(direction, lockStatus)}
          </span>
        ) : null}
      </label>
      <input
        id={id}
        ref={rangeRef}
        type="range"
        min={direction.min}
        max={direction.max}
        step={step}
        value={value}
        disabled={disabled}
        aria-label={direction.label}
        aria-valuetext={`${value.toFixed(2)} σ`}
        data-direction={direction.id}
        onChange={(e) => {
          const raw = Number(e.target.value);
          onSlide(direction.id, dragging.current ? withDetent(raw, direction.min, direction.max) : raw);
        }}
        onPointerDown={() => (dragging.current = true)}
        onPointerUp={() => (dragging.current = false)}
        onPointerCancel={() => (dragging.current = false)}
        onKeyDown={() => (dragging.current = false)}
        onDoubleClick={() => onReset(direction.id)}
        onFocus={show}
        onBlur={hide}
      />
      {strip !== null ? (
        <div className="slider-strip" role="group" aria-label={`${direction.label} at its ends`} data-testid={`strip-${direction.id}`}>
          <figure>
            {strip.min !== null ? <img src={strip.min} alt={`${direction.label} at ${sigma(direction.min)}`} className="pixelated" /> : <span className="strip-wait" aria-label="decoding" />}
            <figcaption>{sigma(direction.min)}</figcaption>
          </figure>
          <figure>
            {strip.max !== null ? <img src={strip.max} alt={`${direction.label} at ${sigma(direction.max)}`} className="pixelated" /> : <span className="strip-wait" aria-label="decoding" />}
            <figcaption>{sigma(direction.max)}</figcaption>
          </figure>
        </div>
      ) : null}
      <input
        type="number"
        className="slider-value"
        min={direction.min}
        max={direction.max}
        step={step}
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
      <button
        type="button"
        className="lock"
        aria-pressed={locked}
        aria-label={`Lock ${direction.label}`}
        title={lockTitle(direction, locked, lockStatus)}
        data-lock-mode={lockStatus?.mode ?? direction.lock ?? ''}
        onClick={() => onLock(direction.id)}
      >
        <LockIcon locked={locked} />
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
  /** The hover strips (the seed at each slider's ends). */
  readonly previews?: SliderPreviews;
  /** Keep details and locks. */
  readonly faithful: FaithfulControls;
}

/** What the panel says after a slider was made: how many pictures each side used or skipped. */
function createdLine(created: DirectionCreated): string {
  const skipped = created.with.skipped + created.without.skipped;
  const capped = created.with.truncated || created.without.truncated ? '; only the first 200 of a folder are read' : '';
  return `Added “${created.direction.label}” from ${created.with.used} + ${created.without.used} pictures${skipped > 0 ? `, ${skipped} unreadable skipped` : ''}${capped}.`;
}

function KeepDetailsControl({ faithful }: { faithful: FaithfulControls }) {
  const { keep, setKeep, commitKeep, keepApplies } = faithful;
  const rangeRef = useRef<HTMLInputElement>(null);
  const keepRef = useRef(keep);
  keepRef.current = keep;
  // Saved once the strength is released (the native `change`), not on every step of a drag.
  useEffect(() => {
    const range = rangeRef.current;
    if (range === null) return;
    const onChange = () => commitKeep(keepRef.current);
    range.addEventListener('change', onChange);
    return () => range.removeEventListener('change', onChange);
  }, [commitKeep]);
  return (
    <div
      className="keep-details"
      title="Keep details: the photo's own pixels, plus only the change the sliders make (strength: how much of it). Off: the picture is regrown from the seed."
    >
      <label>
        <input
          type="checkbox"
          checked={keep.on}
          aria-label="Keep details"
          onChange={(e) => {
            const next = { ...keep, on: e.target.checked };
            setKeep(next);
            commitKeep(next);
          }}
        />{' '}
        Keep details
      </label>
      <input
        ref={rangeRef}
        type="range"
        min={0}
        max={1}
        step={0.05}
        value={keep.strength}
        disabled={!keep.on}
        aria-label="Keep details strength"
        aria-valuetext={strengthText(keep.strength)}
        onChange={(e) => setKeep({ ...keep, strength: Number(e.target.value) })}
      />
      <output data-testid="keep-strength">{strengthText(keep.strength)}</output>
      {keep.on && !keepApplies ? <span className="muted">needs an embedded photo</span> : null}
    </div>
  );
}

export function SliderPanel({ directions, sliders, disabled, edit, custom, previews, faithful }: SliderPanelProps) {
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
      <KeepDetailsControl faithful={faithful} />
      {directions.length === 0 ? <p className="muted">This pack has no directions.</p> : null}
      {directions.map((d) => (
        <SliderRow
          key={d.id}
          direction={d}
          value={sliders[d.id] ?? 0}
          disabled={disabled}
          edit={edit}
          onDelete={custom.remove}
          previews={previews}
          locked={faithful.locks.includes(d.id)}
          onLock={faithful.toggleLock}
          lockStatus={faithful.statuses.find((s) => s.id === d.id)}
        />
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
      <p className="muted">Values in units of σ, the spread of the training seeds along each direction. Hover a slider to see its ends; double-click it for 0.</p>
    </section>
  );
}
