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
  fastest at it -- see ``plot_eigenvalues``). For
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
Host-side module (plain NumPy). ``plot_trajectories`` and ``plot_eigenvalues`` draw the
figures of the lesson (matplotlib Figures, Okabe-Ito colours, 14 pt, 1,200 px wide).
"""
import numpy as np
from matplotlib.figure import Figure

from . import penalty
from .plots_base import FONT, OKABE_ITO

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


# -- figures ---------------------------------------------------------------------
COLOURS = tuple(OKABE_ITO[k] for k in ("blue", "vermillion", "green", "purple", "orange", "sky"))


def _figure(panels):
    fig = Figure(figsize=(6.2 * panels, 6), dpi=100)  # >= 1,200 px wide
    fig.set_layout_engine("constrained")
    return fig, [fig.add_subplot(1, panels, i + 1) for i in range(panels)]


def _style(ax, xlabel, ylabel, title, loc="lower left"):
    ax.set_xlabel(xlabel, fontsize=FONT)
    ax.set_ylabel(ylabel, fontsize=FONT)
    ax.set_title(title, fontsize=FONT)
    ax.tick_params(labelsize=FONT - 2)
    ax.legend(fontsize=FONT - 2, loc=loc)


TRAJECTORIES = (
    ("no penalty", (("simultaneous", dict(schedule="simultaneous")), ("alternating", dict(schedule="alternating")))),
    ("R1 penalty, alternating", ((f"gamma = {g}", dict(schedule="alternating", penalty="r1", gamma=g)) for g in (0.3, 1.0, 3.0))),
)


def plot_trajectories(loss="minimax", h=0.2, steps=300, start=(1.0, 1.0), lim=3.5):
    """(theta, psi) paths over the gradient vector field: left unregularised, right with R1."""
    fig, axes = _figure(2)
    t = np.linspace(-lim, lim, 25)
    T, P = np.meshgrid(t, t)
    for ax, (title, runs) in zip(axes, TRAJECTORIES):
        U, V = vector_field(T, P, loss, *(("r1", 1.0) if "R1" in title else ()))
        ax.streamplot(t, t, U, V, color="#BBBBBB", density=0.8, linewidth=0.8)
        for colour, (label, kw) in zip(COLOURS, runs):
            path = dirac_gan(loss=loss, h=h, steps=steps, start=start, **kw)
            ax.plot(path[:, 0], path[:, 1], color=colour, lw=1.6, label=label)
        ax.plot(*start, "o", color="black", ms=7, label="start")
        ax.plot(0, 0, "*", color="black", ms=14, label="equilibrium (0, 0)")
        ax.set(xlim=(-lim, lim), ylim=(-lim, lim), aspect="equal")
        _style(ax, "generator theta", "discriminator psi", f"Dirac-GAN ({loss}, h = {h}): {title}")
    return fig


def plot_eigenvalues(loss="minimax", h=0.2):
    """Eigenvalues mu of one update's Jacobian at the equilibrium, and the largest |mu| against R1's gamma.

    |mu| > 1: the step pushes away (simultaneous); |mu| = 1: it circles (alternating);
    |mu| < 1: it converges (R1). Dotted lines mark gamma = h f'(0)^2 (below it simultaneous
    steps still diverge) and gamma = 2 f'(0) (critical damping: real eigenvalues above it).
    """
    fig, (ax, rad) = _figure(2)
    circle = np.exp(1j * np.linspace(-0.3, 0.3, 200))
    ax.plot(circle.real, circle.imag, "--", color="black", lw=1, label="unit circle |mu| = 1")
    gammas = np.geomspace(1e-3, 4, 300)
    for colour, schedule, marker in ((COLOURS[0], "simultaneous", "o"), (COLOURS[1], "alternating", "s")):
        mu = eigenvalues(loss=loss, schedule=schedule, h=h)
        ax.plot(mu.real, mu.imag, marker, color=colour, ms=11, label=f"{schedule}, no penalty")
        locus = np.array([eigenvalues(loss=loss, schedule=schedule, penalty="r1", gamma=g, h=h) for g in gammas])
        ax.plot(locus.real.ravel(), locus.imag.ravel(), ".", color=colour, ms=3, label=f"{schedule}, R1 gamma 0 -> 4")
        rad.plot(gammas, np.abs(locus).max(axis=1), color=colour, lw=2.5, label=schedule)
    ax.set(xlim=(0.8, 1.05), ylim=(-0.24, 0.15))
    _style(ax, "Re mu", "Im mu", f"eigenvalues of one step ({loss}, h = {h})", loc="lower center")
    a = float(f_prime(0.0, loss))
    rad.axhline(1.0, color="black", lw=1, ls="--")
    rad.axvline(h * a * a, color=COLOURS[2], ls=":", lw=2, label=f"gamma = h f'(0)^2 = {h * a * a:g}")
    rad.axvline(2 * a, color=COLOURS[3], ls=":", lw=2, label=f"gamma = 2 f'(0) = {2 * a:g}")
    rad.set_xscale("log")
    _style(rad, "R1 weight gamma", "largest |mu| (> 1 diverges)", "convergence rate against gamma")
    return fig
