"""Solutions to lesson 09 (oscillation in the Dirac-GAN), for teachers."""
import numpy as np


def simultaneous_matrix(h, a, gamma):
    """One simultaneous step near (0, 0): M = I + h J_gamma with J_gamma = [[0, -a], [a, -gamma]]."""
    return np.array([[1.0, -h * a], [h * a, 1.0 - h * gamma]])


def dirac_jacobian(kind):
    """The Jacobian at (0, 0) of v = (-dL_G/dtheta, -dL_D/dpsi) with l_real = 0 and l_fake = -psi theta.

    hinge: near the origin L_D = 1 + (1 + l_fake) = 2 - psi theta and L_G = -l_fake = psi theta, so
    v = (-psi, theta): the Wasserstein rotation with a = 1.
    least squares: L_D = 1/2 + 1/2 (psi theta)^2 and L_G = 1/2 (psi theta + 1)^2, so
    v = (-(psi theta + 1) psi, -psi theta^2): only dv_1/dpsi = -1 survives at the origin (D's row is zero).

    For the discussion: the hinge game circles like the Wasserstein one (eigenvalues +-i, a = 1). The least-squares J
    is nilpotent (both eigenvalues 0): to first order D does not react to theta at all. A bias-free linear D cannot
    reach the real target 1 (D(0) = 0 always), so it settles for psi = 0, where every (theta, 0) is stationary:
    this toy needs D's bias to say anything about LSGAN.
    """
    if kind == "hinge":
        return np.array([[0.0, -1.0], [1.0, 0.0]])
    if kind == "least_squares":
        return np.array([[0.0, -1.0], [0.0, 0.0]])
    raise ValueError(f"unknown kind {kind!r}")


def xy_by_hand():
    """f(x, y) = xy, step 1, y (the maximiser, D) first, then x through the new y, from (1, 1).

    y <- y + x, x <- x - y:  (1, 1) -> (-1, 2) -> (-2, 1) -> (-1, -1) -> (1, -2) -> (2, -1) -> (1, 1).
    The step's matrix [[0, -1], [1, 1]] has trace 1 and determinant 1: eigenvalues e^(+-i pi/3), so M^6 = I.
    """
    return np.array([[-1, 2], [-2, 1], [-1, -1], [1, -2], [2, -1], [1, 1]])


def steps_to_double(h, a):
    """n with (1 + h^2 a^2)^(n/2) = 2."""
    return np.log(2.0) / (0.5 * np.log1p(h * h * a * a))


# ---- plausible mistakes: each must FAIL its check (tests/test_exercises.py) ----

def _xy_simultaneous():
    """Both players read the old point: (x, y) <- (x - y, y + x) spirals out by sqrt(2) per step."""
    x, y, out = 1, 1, []
    for _ in range(6):
        x, y = x - y, y + x
        out.append((x, y))
    return np.array(out)


def _xy_x_first():
    """The minimiser moves first (the other alternating order; not what gan.py does)."""
    x, y, out = 1, 1, []
    for _ in range(6):
        x = x - y
        y = y + x
        out.append((x, y))
    return np.array(out)


MISTAKES = {
    "simultaneous_matrix": [
        lambda h, a, gamma: simultaneous_matrix(h, a, 0.0),                          # forgets R1
        lambda h, a, gamma: simultaneous_matrix(h, a, -gamma),                       # R1 pushes psi away (sign)
        lambda h, a, gamma: np.array([[1 - h * h * a * a, -h * a * (1 - h * gamma)],  # the alternating schedule
                                      [h * a, 1 - h * gamma]]),
    ],
    "dirac_jacobian": [
        lambda kind: np.array([[0.0, -1.0], [1.0, 0.0]]),                    # assumes every game rotates like WGAN
        lambda kind: -dirac_jacobian(kind),                                  # D's logit taken as +psi x (signs flip)
        lambda kind: np.array([[0.0, -0.5], [0.5, 0.0]]),                    # copies the BCE Jacobian, a = f'(0) = 1/2
    ],
    "xy_by_hand": [_xy_simultaneous, _xy_x_first],
    "steps_to_double": [
        lambda h, a: np.log(2) / np.log1p(h * h * a * a),                    # drops the square root
        lambda h, a: np.log(2) / (0.5 * np.log(1 + h * h * a * a)),          # log(1 + tiny) loses digits at small h
    ],
}


# ---- the stub's text typed in as code: what its comment or docstring spells out must NOT pass its check ----

STUB_TEXT = {"simultaneous_matrix": [], "dirac_jacobian": [], "steps_to_double": [], "xy_by_hand": []}  # no formula
