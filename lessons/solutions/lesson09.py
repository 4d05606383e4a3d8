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


def averaged_step(avg, theta, t, beta):
    """The bias-corrected average theta_bar_t = a_t / (1 - beta^t) of average.py, updated without its running sum a_t.

    Put a_t = (1 - beta^t) theta_bar_t and a_(t-1) = (1 - beta^(t-1)) theta_bar_(t-1) into a_t = beta a_(t-1) + (1 - beta) theta_t;
    with beta (1 - beta^(t-1)) = (1 - beta^t) - (1 - beta) and a division by 1 - beta^t:

        theta_bar_t = theta_bar_(t-1) + w_t (theta_t - theta_bar_(t-1)),    w_t = (1 - beta) / (1 - beta^t).

    w_1 = 1: the first average is theta_1 itself, whatever avg held (the zero start gets no weight). As beta -> 1,
    w_t -> 1/t (l'Hopital): the uniform (Cesaro) mean of section 3b. For t >> 1/(1 - beta), w_t -> 1 - beta: the plain EMA.
    """
    w = (1 - beta) / (1 - beta ** t)
    return avg + w * (theta - avg)


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


def _no_bias_correction(avg, theta, t, beta):
    """w_t = 1 - beta at every step: the EMA started at zero and read as it is, far too small for t << 1/(1 - beta)."""
    return avg + (1 - beta) * (theta - avg)


def _correction_one_step_late(avg, theta, t, beta):
    """Divides by 1 - beta^(t+1), counting t from 0: w_1 < 1, so the zero start keeps a weight."""
    return avg + (1 - beta) / (1 - beta ** (t + 1)) * (theta - avg)


def _decay_swapped(avg, theta, t, beta):
    """beta and 1 - beta swapped (the same at beta = 0.5): the new theta gets weight beta, the past 1 - beta."""
    return averaged_step(avg, theta, t, 1 - beta)


def _uniform_mean(avg, theta, t, beta):
    """w_t = 1/t: the Cesaro mean of the whole run, beta ignored (the limit beta -> 1, not the library's average)."""
    return avg + (theta - avg) / t


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
    "averaged_step": [_no_bias_correction, _correction_one_step_late, _decay_swapped, _uniform_mean],
}


# ---- the stub's text typed in as code: what its comment or docstring spells out must NOT pass its check ----

def _stub_read_as_the_sum(avg, theta, t, beta):
    """The stub's two equations of average.py typed in with avg taken for the running sum a_(t-1), not theta_bar_(t-1)."""
    return (beta * avg + (1 - beta) * theta) / (1 - beta ** t)


STUB_TEXT = {"simultaneous_matrix": [], "dirac_jacobian": [], "steps_to_double": [], "xy_by_hand": [],  # no formula
             "averaged_step": [_stub_read_as_the_sum]}
