"""Machine-readable progress of a training run: one JSON object a line on stdout, which
`reseed train` (electron/backend/train/progress-parser.ts) renders as one display.

The training loops call `step(...)` once a step; it does nothing unless a run installed a
reporter (`install`), so the stages behave exactly as before when run on their own.
Line types: start (stages), stage (k of n begins), step (step, total, loss, images/s, time
left in the stage), log, done (report path), stopped, error (code, message).
"""
import json
import sys
import time

_reporter = None


def emit(kind: str, **fields) -> None:
    """One JSON line on stdout, flushed: Node reads it while the run goes on."""
    sys.stdout.write(json.dumps({"type": kind, **fields}, default=str) + "\n")
    sys.stdout.flush()


class Reporter:
    """Turns per-step calls into at most a few lines a second with a smoothed rate."""

    def __init__(self, every_s: float = 0.5):
        self.every_s = every_s
        self.stage = None
        self.last_emit = 0.0
        self.last = None  # (time, step) of the previous call, for the rate
        self.rate = None  # steps per second, smoothed

    def begin(self, stage: str) -> None:
        self.stage, self.last, self.rate = stage, None, None

    def step(self, stage: str, step: int, total: int, loss: float | None, batch: int) -> None:
        now = time.time()
        if stage != self.stage:
            self.begin(stage)
        if self.last is not None and step > self.last[1] and now > self.last[0]:
            r = (step - self.last[1]) / (now - self.last[0])
            self.rate = r if self.rate is None else 0.8 * self.rate + 0.2 * r
        self.last = (now, step)
        if now - self.last_emit < self.every_s and step < total:
            return
        self.last_emit = now
        emit("step", stage=stage, step=int(step), total=int(total),
             loss=None if loss is None else round(float(loss), 6),
             imagesPerSecond=None if self.rate is None else round(self.rate * batch, 2),
             secondsLeft=None if not self.rate else round((total - step) / self.rate, 1))


def install(reporter: Reporter | None) -> None:
    global _reporter
    _reporter = reporter


def step(stage: str, step_: int, total: int, loss, batch: int) -> None:
    """Called by the training loops once a step; `loss` a float or a 0-d tensor."""
    if _reporter is not None:
        _reporter.step(stage, step_, total, None if loss is None else float(loss), batch)
