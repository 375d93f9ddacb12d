/**
 * Batch progress on the terminal: a one-line bar redrawn in place on a TTY, a plain line every
 * few seconds when stderr is a file or pipe, JSON lines on stdout with --json.
 */
import { formatDuration, type BatchProgress } from '../engine/batch/progress';
import type { CliIO } from './io';

export function progressText(p: BatchProgress): string {
  const pct = p.total > 0 ? p.done / p.total : 1;
  const failed = p.failed > 0 ? ` · ${p.failed} failed` : '';
  return `${p.done} of ${p.total} · ${p.imagesPerSecond.toFixed(1)} img/s · ${formatDuration(p.etaSeconds)} left${failed} (${Math.floor(pct * 100)}%)`;
}

export function progressBar(p: BatchProgress, width = 24): string {
  const filled = p.total > 0 ? Math.round((p.done / p.total) * width) : width;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${progressText(p)}`;
}

export class ProgressView {
  private lastLog = 0;
  private drawn = false;

  constructor(
    private readonly io: CliIO,
    private readonly mode: 'bar' | 'log' | 'json' | 'none',
  ) {}

  update(p: BatchProgress): void {
    if (this.mode === 'json') this.io.stdout(JSON.stringify({ type: 'progress', ...p }) + '\n');
    else if (this.mode === 'bar') {
      this.io.stderr(`\r${progressBar(p)}\x1b[K`);
      this.drawn = true;
    } else if (this.mode === 'log') {
      const now = performance.now();
      if (now - this.lastLog >= 5000 || p.done === p.total) {
        this.lastLog = now;
        this.io.stderr(progressText(p) + '\n');
      }
    }
  }

  /** Ends the bar's line so the next message starts on its own. */
  finish(): void {
    if (this.drawn) this.io.stderr('\n');
    this.drawn = false;
  }

  /** A message printed between bar redraws. */
  message(text: string): void {
    if (this.mode === 'json' || this.mode === 'none') return;
    if (this.drawn) this.io.stderr('\r\x1b[K');
    this.io.stderr(text + '\n');
  }
}
