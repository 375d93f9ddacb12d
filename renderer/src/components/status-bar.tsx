/**
 * Which pack and provider really run (and why, when it fell back), the last timings, which
 * faithful edits (keep details, locks, the mask) the shown image was made with, and which decoder
 * made it (the pack's preview while a slider moves, the full decode at rest).
 */
import type { PackInfo } from '../../../electron/contract/contract';
import type { DecodeQuality } from '../../../electron/contract/preview-schemas';

export interface StatusBarProps {
  readonly pack: PackInfo | null;
  readonly transport: 'ipc' | 'http';
  readonly embedMs: number | null;
  readonly decodeMs: number | null;
  readonly sliderMs: number | null;
  /** The faithful edits in effect (state/faithful.ts, faithfulSummary); absent: none shown. */
  readonly faithful?: string;
  /** Which decoder made the shown picture: the fast preview while a slider moves, else full. */
  readonly decoder?: DecodeQuality;
}

const ms = (value: number | null) => (value === null ? '—' : `${Math.round(value)} ms`);

export function StatusBar({ pack, transport, embedMs, decodeMs, sliderMs, faithful, decoder }: StatusBarProps) {
  const provider = pack?.provider;
  const fellBack = provider !== undefined && provider.reason.startsWith('fallback');
  const dropped = provider?.dropped.map((d) => `${d.provider}: ${d.reason}`).join('\n') ?? '';
  return (
    <footer className="status-bar" role="status" aria-label="Status">
      <span data-testid="status-pack">Pack: {pack ? `${pack.name} ${pack.version}` : '—'}</span>
      <span data-testid="status-provider" className={fellBack ? 'warn' : undefined} title={dropped || undefined}>
        Provider: {provider ? `${provider.label} (${provider.reason})` : '—'}
      </span>
      <span data-testid="status-embed">Embed: {ms(embedMs)}</span>
      <span data-testid="status-decode">Decode: {ms(decodeMs)}</span>
      <span data-testid="status-slider">Slider → image: {ms(sliderMs)}</span>
      {decoder !== undefined ? (
        <span
          data-testid="status-decoder"
          data-decoder={decoder}
          className={decoder === 'preview' ? 'muted' : undefined}
          title={decoder === 'preview' ? 'A one-pass preview while the slider moves; the full decode follows when it rests' : 'The full decode'}
        >
          Shown: {decoder === 'preview' ? 'preview' : 'full decode'}
        </span>
      ) : null}
      {faithful !== undefined ? (
        <span data-testid="status-faithful" title={`Faithful edits: ${faithful}`}>
          Faithful: {faithful}
        </span>
      ) : null}
      <span className="muted">{transport === 'ipc' ? 'desktop' : 'reseed serve'}</span>
    </footer>
  );
}
