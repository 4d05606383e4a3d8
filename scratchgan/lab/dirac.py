"""The Dirac-GAN of lesson 09 as the lab steps it: one number for G, one for D, and the path they trace."""
import numpy as np

from .. import dynamics


class DiracLab:
    """The Dirac-GAN of lesson 09, stepped by hand: theta (G's point) against psi (D's slope).

    schedule "simultaneous" spirals out, "alternating" circles; penalty "r1" with weight
    gamma > 0 spirals in (``dynamics.step``). ``path`` holds every (theta, psi) so far.
    """

    def __init__(self, schedule="simultaneous", loss="minimax", h=0.2, penalty=None, gamma=0.0, start=(1.0, 1.0)):
        dynamics.check_settings(loss, schedule, penalty, gamma, h)
        self.schedule, self.loss, self.h, self.penalty, self.gamma, self.start = schedule, loss, h, penalty, gamma, start
        self.reset()

    def reset(self):
        """Back to the start point."""
        self.path = [tuple(map(float, self.start))]

    def step(self, n=1):
        """n steps of size h from the last point; returns the new (theta, psi)."""
        for _ in range(int(n)):
            self.path.append(tuple(map(float, dynamics.step(*self.path[-1], self.loss, self.schedule,
                                                            self.penalty, self.gamma, self.h))))
        return self.path[-1]

    def radius(self):
        """Distance of (theta, psi) from the equilibrium (0, 0)."""
        return float(np.hypot(*self.path[-1]))
