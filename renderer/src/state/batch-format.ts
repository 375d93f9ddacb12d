/** How the batch panel words its progress: "k of N", images per second, time left. Pure. */
import type { BatchProgressInfo } from '../../../electron/contract/workflow-schemas';
import { formatDuration } from '../../../electron/contract/format-duration';
export { formatDuration };


/** "12 of 300" counting what earlier runs did (resume), so N is the whole folder. */
export function progressLine(p: BatchProgressInfo): string {
  const total = p.total + p.alreadyDone;
  const done = p.done + p.alreadyDone;
  return `${done} of ${total}`;
}

export function rateLine(p: BatchProgressInfo): string {
  const rate = p.imagesPerSecond > 0 ? `${p.imagesPerSecond.toFixed(p.imagesPerSecond < 10 ? 1 : 0)} images/s` : '– images/s';
  return `${rate} · ${formatDuration(p.etaSeconds)} left`;
}
