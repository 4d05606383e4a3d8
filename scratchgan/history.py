"""The per-step curves of a run (``Curves``): compact float32 arrays that never outgrow memory.

``HISTORY`` names the numbers kept every step (keys of ``GAN.train_step``'s dict);
checkpoints and metrics.json store exactly these.

    >>> from scratchgan.history import HISTORY, Curves
    >>> curves = Curves()
    >>> for step in range(3):
    ...     curves.append({k: float(step) for k in HISTORY})
    >>> curves.arrays()["d_loss"].tolist()
    [0.0, 1.0, 2.0]
"""
import numpy as np

# per-step curves; "value" is V(D, G) from gan.d_step (BCE losses; NaN for the critic losses, which have no V)
HISTORY = ("d_loss", "g_loss", "d_real", "d_fake", "d_grad_norm", "g_grad_norm", "value")
MAX_POINTS = 2**20  # per curve: 4 MiB of float32; past that, neighbouring points are averaged in pairs


class Curves:
    """The per-step curves (``HISTORY``) of a run, growing as it goes: float32, capacity doubled when full.

    Up to ``MAX_POINTS`` steps every step is kept; past that, neighbouring points are
    averaged in pairs and each point then stands for ``every`` steps (2, 4, ...), so a
    curve never holds more than MAX_POINTS numbers, however many steps are asked for.
    ``pending`` holds the running sums of a block of ``every`` steps not yet complete.
    """

    def __init__(self, history=None, every=1, pending=None):
        history = history or {}
        n = len(history.get(HISTORY[0], ()))
        self.every, self.n = every, n
        self.pending = pending or {"count": 0, "sums": {k: 0.0 for k in HISTORY}}
        self.pending["sums"] = {k: self.pending["sums"].get(k, np.nan) for k in HISTORY}  # older checkpoints: V unknown
        self.data = {k: np.empty(max(16, 2 * n), np.float32) for k in HISTORY}
        for k in HISTORY:
            self.data[k][:n] = history.get(k, np.full(n, np.nan))[:n]

    def append(self, stats):
        """Add one step's numbers (``stats``: a dict of ``HISTORY`` keys; a missing one is NaN), averaging blocks when due."""
        stats = {k: stats.get(k, np.nan) for k in HISTORY}  # a critic loss has no "value"
        if self.every > 1:  # one point per block of `every` steps: their mean
            p = self.pending
            p["count"] += 1
            for k in HISTORY:
                p["sums"][k] += float(stats[k])
            if p["count"] < self.every:
                return
            stats = {k: p["sums"][k] / self.every for k in HISTORY}
            self.pending = {"count": 0, "sums": {k: 0.0 for k in HISTORY}}
        if self.n >= MAX_POINTS:  # this point becomes the first half of a block twice as long
            self._halve()
            self.pending = {"count": self.every // 2, "sums": {k: float(stats[k]) * (self.every // 2) for k in HISTORY}}
            return
        if self.n == len(self.data[HISTORY[0]]):  # full: twice the room (amortised O(1) a step)
            self.data = {k: np.concatenate([v, np.empty_like(v)]) for k, v in self.data.items()}
        self.append_point(stats)

    def append_point(self, stats):
        """Store one point as it is (the room for it is there)."""
        for k in HISTORY:
            self.data[k][self.n] = stats[k]
        self.n += 1

    def _halve(self):
        """Average neighbouring points in pairs: n points of `every` steps -> n/2 points of 2 `every`."""
        half = self.n // 2
        for k, v in self.data.items():
            v[:half] = (v[0:2 * half:2] + v[1:2 * half:2]) / 2
        self.n, self.every = half, 2 * self.every

    def truncate(self, step):
        """Keep the points of the first ``step`` steps (after a rollback; a partial block restarts empty)."""
        self.n = min(self.n, step // self.every)
        self.pending = {"count": 0, "sums": {k: 0.0 for k in HISTORY}}

    def arrays(self):
        """name -> float32 array of the points so far (views), and "step" (the last step of each
        point) once points stand for more than one step."""
        out = {k: v[:self.n] for k, v in self.data.items()}
        if self.every > 1:
            out["step"] = self.every * np.arange(1, self.n + 1)
        return out

    def state(self):
        """What a checkpoint needs besides the points: JSON-able."""
        return {"every": self.every, "pending": self.pending}
