/**
 * One progress display for `reseed train`: "stage 2 of 7 denoiser · step 120/200 · loss 0.213 ·
 * 905 img/s · 0:06 left", redrawn in place on a terminal, a line every 5 s (and at each stage)
 * otherwise; the pipeline's log lines (skipped files, checks) printed between; JSON lines with --json.
 */
import { formatDuration } from '../contract/format-duration';
import { nextStatus, type TrainEvent, type TrainStatus } from '../backend/train/progress-parser';
import type { CliIO } from './io';

export function statusText(s: TrainStatus): string {
  const head = `stage ${s.index} of ${s.count} ${s.stage}`;
  const p = s.step;
  if (p === null) return head;
  const parts = [head, `step ${p.step}/${p.total}`];
  if (p.loss !== null) parts.push(`loss ${p.loss.toPrecision(4)}`);
  if (p.imagesPerSecond !== null) parts.push(`${p.imagesPerSecond.toFixed(p.imagesPerSecond < 10 ? 1 : 0)} img/s`);
  parts.push(`${formatDuration(p.secondsLeft)} left`);
  return parts.join(' · ');
}

export class TrainView {
  private status: TrainStatus = { stage: 'starting', index: 0, count: 0, step: null };
  private drawn = false;
  private lastLine = 0;

  constructor(
    private readonly io: CliIO,
    private readonly mode: 'bar' | 'log' | 'json' | 'none',
  ) {}

  event(e: TrainEvent): void {
    if (this.mode === 'json') {
      if (e.type !== 'text') this.io.stdout(JSON.stringify(e) + '\n');
      return;
    }
    const before = this.status.index;
    this.status = nextStatus(this.status, e);
    if (e.type === 'log') this.message(e.message);
    else if (e.type === 'text') this.message(e.text);
    else if (e.type === 'stage' || e.type === 'step') this.draw(this.status.index !== before);
  }

  private draw(force: boolean): void {
    if (this.mode === 'bar') {
      this.io.stderr(`\r${statusText(this.status)}\x1b[K`);
      this.drawn = true;
    } else if (this.mode === 'log') {
      const now = performance.now();
      if (force || now - this.lastLine >= 5000) {
        this.lastLine = now;
        this.io.stderr(statusText(this.status) + '\n');
      }
    }
  }

  message(text: string): void {
    if (this.mode === 'json' || this.mode === 'none') return;
    if (this.drawn) this.io.stderr('\r\x1b[K');
    this.io.stderr(text + '\n');
    if (this.drawn) this.io.stderr(statusText(this.status));
  }

  finish(): void {
    if (this.drawn) this.io.stderr('\r\x1b[K');
    this.drawn = false;
  }
}
