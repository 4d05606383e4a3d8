"""Solutions to lesson 09 (oscillation in the Dirac-GAN), for teachers."""
import numpy as np


def simultaneous_matrix(h, a, gamma):
    """One simultaneous step near (0, 0): M = I + h [[0, -a], [a, -gamma]]."""
    return np.array([[1.0, -h * a], [h * a, 1.0 - h * gamma]])


def alternating_matrix(h, a, gamma):
    """D first: psi' = h a theta + (1 - h gamma) psi; then G: theta' = theta - h a psi'."""
    return np.array([[1.0 - h * h * a * a, -h * a * (1.0 - h * gamma)], [h * a, 1.0 - h * gamma]])


def steps_to_double(h, a):
    """n with (1 + h^2 a^2)^(n/2) = 2."""
    return np.log(2.0) / (0.5 * np.log1p(h * h * a * a))


# ---- plausible mistakes: each must FAIL its check (tests/test_exercises.py) ----

MISTAKES = {
    "simultaneous_matrix": [lambda h, a, gamma: simultaneous_matrix(h, a, 0.0)],  # forgets R1
    "alternating_matrix": [simultaneous_matrix],                                   # the other schedule
    "steps_to_double": [lambda h, a: np.log(2) / np.log1p(h * h * a * a)],         # drops the square root
}
