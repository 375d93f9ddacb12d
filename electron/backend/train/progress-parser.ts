/**
 * The JSON lines `python3 -m training train-folder` prints on stdout (training/progress.py), as
 * typed events; anything else on stdout (a stray print) is kept as text.
 */
import { z } from 'zod';

const n = z.number().nullable();

export const TrainEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), stages: z.array(z.string()), world: z.number().int(), preset: z.string() }),
  z.object({ type: z.literal('stage'), index: z.number().int(), count: z.number().int(), name: z.string() }),
  z.object({
    type: z.literal('step'),
    stage: z.string(),
    step: z.number().int(),
    total: z.number().int(),
    loss: n,
    imagesPerSecond: n,
    secondsLeft: n,
  }),
  z.object({ type: z.literal('log'), message: z.string() }),
  z.object({ type: z.literal('done'), pack: z.string(), report: z.string(), id: z.string() }),
  z.object({ type: z.literal('stopped'), message: z.string() }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);

export type TrainEvent = z.infer<typeof TrainEventSchema> | { type: 'text'; text: string };
export type StepEvent = Extract<TrainEvent, { type: 'step' }>;

export function parseTrainLine(line: string): TrainEvent | null {
  const text = line.trim();
  if (text === '') return null;
  if (text.startsWith('{')) {
    try {
      const parsed = TrainEventSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      // not JSON after all: kept as text below
    }
  }
  return { type: 'text', text };
}

/** Splits a byte stream into lines as chunks arrive (a line may span chunks). */
export class LineSplitter {
  private rest = '';

  push(chunk: string): string[] {
    const parts = (this.rest + chunk).split('\n');
    this.rest = parts.pop() ?? '';
    return parts;
  }

  end(): string[] {
    const last = this.rest;
    this.rest = '';
    return last === '' ? [] : [last];
  }
}

/** Where a run stands, for one progress display: stage k of n, step, loss, rate, time left. */
export interface TrainStatus {
  stage: string;
  index: number;
  count: number;
  step: StepEvent | null;
}

export function nextStatus(status: TrainStatus, event: TrainEvent): TrainStatus {
  if (event.type === 'stage') return { stage: event.name, index: event.index, count: event.count, step: null };
  if (event.type === 'step') return { ...status, step: event };
  return status;
}
