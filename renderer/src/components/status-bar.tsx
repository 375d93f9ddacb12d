/**
 * Which pack and provider really run (and why, when it fell back), the last timings, and which
 * faithful edits (keep details, locks, the mask) the shown image was made with.
 */
import type { PackInfo } from '../../../electron/contract/contract';

export interface StatusBarProps {
  readonly pack: PackInfo | null;
  readonly transport: 'ipc' | 'http';
  readonly embedMs: number | null;
  readonly decodeMs: number | null;
  readonly sliderMs: number | null;
  /** The faithful edits in effect (state/faithful.ts, faithfulSummary); absent: none shown. */
  readonly faithful?: string;
}

const ms = (value: number | null) => (value === null ? '—' : `${Math.round(value)} ms`);

export function StatusBar({ pack, transport, embedMs, decodeMs, sliderMs, faithful }: StatusBarProps) {
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
      {faithful !== undefined ? (
        <span data-testid="status-faithful" title={`Faithful edits: ${faithful}`}>
          Faithful: {faithful}
        </span>
      ) : null}
      <span className="muted">{transport === 'ipc' ? 'desktop' : 'reseed serve'}</span>
    </footer>
  );
}
