"""The Dirac-GAN (Mescheder, Geiger & Nowozin 2018): why GAN training oscillates.

The smallest GAN that shows the problem has two numbers:

    data            p_D = delta_0               (every real sample is x = 0)
    generator       p_theta = delta_theta        (every fake sample is x = theta)
    discriminator   D_psi(x) = psi * x           (a logit; linear)
    game            L(theta, psi) = f(psi * theta) + f(0),   f(t) = -log(1 + e^-t)

D ascends L in psi, G descends it in theta. The unique equilibrium is
(theta, psi) = (0, 0). With f'(t) = 1 / (1 + e^t) (so f'(0) = 1/2) the
gradient vector field and its Jacobian at the equilibrium are

    v(theta, psi) = (-f'(psi theta) psi,  f'(psi theta) theta),     J = [[0, -f'(0)], [f'(0), 0]],

whose eigenvalues +-i f'(0) are purely imaginary: the continuous flow
circles the equilibrium for ever. Discrete steps of size h:

* simultaneous: x <- x + h v(x); Jacobian I + hJ, eigenvalues 1 +- i h f'(0)
  of modulus sqrt(1 + h^2 f'(0)^2) > 1: spirals OUTWARDS.
* alternating (D first, then G through the new D, as in ``gan.py``):
  Jacobian determinant exactly 1, eigenvalues on the unit circle for
  h f'(0) < 2: circles for ever, never converging.
* R1 (zero-centred gradient penalty, (gamma/2) E_data ||grad_x D||^2 =
  (gamma/2) psi^2) adds -gamma psi to D's update; J becomes
  [[0, -f'(0)], [f'(0), -gamma]] with eigenvalues
  -gamma/2 +- sqrt(gamma^2/4 - f'(0)^2) (Mescheder et al. 2018, their analysis
  of zero-centred gradient penalties on the Dirac-GAN): negative real part for
  EVERY gamma > 0, so simultaneous and alternating steps both converge for
  small enough h. gamma = 2 f'(0) (= 1 here) is therefore not a convergence
  threshold: it is critical damping, where the eigenvalues turn real and the
  iterates stop spiralling (complex below, real above; the slowest mode decays
  fastest at it -- see ``plots.plot_eigenvalues``). For
  steps of finite size h both eigenvalues of the 2x2 step matrix M must lie inside
  the unit circle: |det M| < 1 and 1 +- trace M + det M > 0. Simultaneous steps
  (det = 1 - h gamma + h^2 f'(0)^2) converge for h f'(0)^2 < gamma < 2/h + h f'(0)^2/2
  (0.05 < gamma < 10.025 at h = 0.2, f'(0) = 1/2); alternating steps (det = 1 - h gamma)
  for 0 < gamma < 2/h - h f'(0)^2/2 (gamma < 9.975): small gamma > 0 is enough, a
  gamma near 2/h is not (lesson 09 scans gamma and checks both windows).
* WGAN-GP, gamma (|grad_x D| - 1)^2 = gamma (|psi| - 1)^2, pushes |psi| to 1
  rather than 0 and does not converge to the equilibrium (ibid., Sec. 3).

Losses: "minimax" (G descends L), "non_saturating" (G descends -f(-psi theta),
the -log D trick; same Jacobian at the equilibrium), "wasserstein" (f(t) = t).
Host-side module (plain NumPy). Its figures, ``plots.plot_trajectories`` and
``plots.plot_eigenvalues``, are in ``plots/dynamics.py``.
"""
import numpy as np

from . import penalty

LOSSES = ("minimax", "non_saturating", "wasserstein")
SCHEDULES = ("simultaneous", "alternating")
PENALTIES = (None,) + penalty.KINDS


def f_prime(t, loss):
    """f'(t): 1/(1 + e^t) = sigma(-t) for the BCE losses, 1 for wasserstein."""
    if loss == "wasserstein":
        return np.ones_like(np.asarray(t, dtype=float))
    return 0.5 * (1 - np.tanh(np.asarray(t, dtype=float) / 2))  # sigma(-t), overflow-free


def check_settings(loss, schedule, penalty, gamma, h):
    """ValueError, in one line, for a Dirac-GAN setting the functions below cannot run."""
    for name, value, choices in (("loss", loss, LOSSES), ("schedule", schedule, SCHEDULES),
                                 ("penalty", penalty, PENALTIES)):
        if value not in choices:
            raise ValueError(f"unknown {name} {value!r}; choose one of {', '.join(map(repr, choices))}")
    if gamma < 0 or h <= 0:
        raise ValueError(f"need gamma >= 0 and step size h > 0, got gamma={gamma}, h={h}")


def generator_gradient(theta, psi, loss):
    """dL_G/dtheta: f'(psi theta) psi (minimax, wasserstein) or f'(-psi theta) psi (non-saturating)."""
    t = -psi * theta if loss == "non_saturating" else psi * theta
    return f_prime(t, loss) * psi


def discriminator_ascent(theta, psi, loss, penalty=None, gamma=0.0):
    """d/dpsi of D's objective, L - penalty: f'(psi theta) theta - R'(psi).

    R1: R = (gamma/2) psi^2, R' = gamma psi.   WGAN-GP: R = gamma (|psi| - 1)^2, R' = 2 gamma (|psi| - 1) sign(psi).
    """
    up = f_prime(psi * theta, loss) * theta
    if penalty == "r1":
        up = up - gamma * psi
    elif penalty == "wgan-gp":
        up = up - 2 * gamma * (abs(psi) - 1) * np.sign(psi)
    return up


def step(theta, psi, loss="minimax", schedule="simultaneous", penalty=None, gamma=0.0, h=0.2):
    """One training step from (theta, psi): G descends, D ascends, both with step size h."""
    if schedule == "simultaneous":
        return (theta - h * generator_gradient(theta, psi, loss),
                psi + h * discriminator_ascent(theta, psi, loss, penalty, gamma))
    psi = psi + h * discriminator_ascent(theta, psi, loss, penalty, gamma)  # D first,
    return theta - h * generator_gradient(theta, psi, loss), psi            # then G through the new D


def dirac_gan(loss="minimax", schedule="simultaneous", penalty=None, gamma=0.0, h=0.2, steps=500, start=(1.0, 1.0)):
    """Run the Dirac-GAN; returns a float64 array (steps + 1, 2) of (theta, psi), row 0 = ``start``.

    >>> path = dirac_gan(schedule="simultaneous", steps=100)
    >>> bool(np.hypot(*path[-1]) > np.hypot(*path[0]))   # spirals outwards
    True
    """
    check_settings(loss, schedule, penalty, gamma, h)
    if int(steps) != steps or steps < 0:
        raise ValueError(f"steps must be a whole number >= 0, got {steps}")
    path = np.empty((int(steps) + 1, 2))
    path[0] = start
    for i in range(int(steps)):
        path[i + 1] = step(*path[i], loss, schedule, penalty, gamma, h)
    return path


def update_jacobian(loss="minimax", schedule="simultaneous", penalty=None, gamma=0.0, h=0.2, delta=1e-6):
    """The 2x2 Jacobian of one ``step`` at the equilibrium (0, 0), by central differences.

    The step is smooth at (0, 0) (except WGAN-GP, whose |psi| has a kink there), so
    the differences are exact up to O(delta^2).
    """
    check_settings(loss, schedule, penalty, gamma, h)
    if penalty == "wgan-gp":
        raise ValueError("WGAN-GP's (|psi| - 1)^2 has a kink at psi = 0, so the update has no Jacobian at the "
                         "equilibrium; use penalty=None or 'r1'")
    J = np.empty((2, 2))
    for j in range(2):
        e = np.zeros(2)
        e[j] = delta
        J[:, j] = (np.array(step(*e, loss, schedule, penalty, gamma, h)) - np.array(step(*-e, loss, schedule, penalty, gamma, h))) / (2 * delta)
    return J


def eigenvalues(**kwargs):
    """Eigenvalues of ``update_jacobian(**kwargs)``: modulus > 1 diverges, < 1 converges, = 1 circles."""
    return np.linalg.eigvals(update_jacobian(**kwargs))


def critical_gamma(loss="minimax"):
    """2 |f'(0)|: the R1 weight at which the eigenvalues turn real (critical damping); 1 for the BCE losses."""
    return 2 * abs(float(f_prime(0.0, loss)))


def vector_field(theta, psi, loss="minimax", penalty=None, gamma=0.0):
    """The continuous-time field (-dL_G/dtheta, dL_D/dpsi) on a grid, for plots."""
    return -generator_gradient(theta, psi, loss), discriminator_ascent(theta, psi, loss, penalty, gamma)
