"""Stopping a run cleanly: Ctrl-C (SIGINT) and SIGTERM end the loop; a second one never half-writes a file.

``train.train`` runs inside ``with StopSignals() as signals:``; the run folder's writes
(``runs.write_progress``) sit inside ``StopSignals.held()``.
"""
import signal
import sys
import threading
from contextlib import contextmanager


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: stop like Ctrl-C, with status "terminated"."""


class StopSignals:
    """Ctrl-C (SIGINT) and SIGTERM while a run trains: the first one stops it, the rest wait.

    ``with StopSignals() as signals:`` installs one handler for both (main thread only).
    The first signal raises KeyboardInterrupt (Ctrl-C) or ``Terminated`` (SIGTERM: ``kill``,
    ``docker stop``, a scheduler) where training is, so the loop ends as cleanly as on
    Ctrl-C. Once ``stopping`` is set (by that signal, or by the caller when the loop ends),
    further signals only print a line: the run folder is being written, and a half-written
    file is the one thing a second Ctrl-C must not cause. Inside ``held()`` (a periodic
    checkpoint) the first signal waits until the block is done, then stops the run.
    """
    active = None  # the StopSignals of the run in progress, for ``held``

    def __init__(self):
        self.stopping, self.holding, self.noted, self.old = False, False, [], {}

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            self.old = {s: signal.signal(s, self.handle) for s in (signal.SIGINT, signal.SIGTERM)}
        StopSignals.active = self
        return self

    def __exit__(self, *exc):
        for s, h in self.old.items():
            signal.signal(s, h)
        StopSignals.active = None

    def handle(self, signum, frame):
        if self.stopping:
            print(f"scratchgan: {signal.Signals(signum).name} again; finishing the run folder first", file=sys.stderr)
        elif self.holding:
            self.noted.append(signum)
        else:
            self.stop(signum)

    def stop(self, signum):
        self.stopping = True
        raise Terminated if signum == signal.SIGTERM else KeyboardInterrupt

    @classmethod
    @contextmanager
    def held(cls):
        """While the block writes files, a first signal waits; after it, the run stops as asked."""
        self = cls.active
        if self is None or self.holding:
            yield
            return
        self.holding = True
        try:
            yield
        finally:
            self.holding = False
        if self.noted and not self.stopping:
            self.stop(self.noted[0])
