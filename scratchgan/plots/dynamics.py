"""The figures of the Dirac-GAN (lesson 09): ``dynamics.py`` computes, this module draws.

    plot_trajectories   (theta, psi) paths over the gradient field: unregularised, then with R1
    plot_eigenvalues    the eigenvalues of one update's Jacobian, and the largest |mu| against R1's gamma

Both are 1,240 px wide, Okabe-Ito colours, 14 pt labels.
"""
import numpy as np

from ..dynamics import dirac_gan, eigenvalues, f_prime, vector_field
from .base import FONT, OKABE_ITO, new_figure

COLOURS = tuple(OKABE_ITO[k] for k in ("blue", "vermillion", "green", "purple", "orange", "sky"))


def _figure(panels):
    """A Figure of ``panels`` side by side (6.2 inches each: >= 1,200 px for two) and its axes."""
    fig = new_figure(6.2 * panels, 6)
    return fig, [fig.add_subplot(1, panels, i + 1) for i in range(panels)]


def _style(ax, xlabel, ylabel, title, loc="lower left"):
    """Labels, title and legend in the figures' font sizes."""
    ax.set_xlabel(xlabel, fontsize=FONT)
    ax.set_ylabel(ylabel, fontsize=FONT)
    ax.set_title(title, fontsize=FONT)
    ax.tick_params(labelsize=FONT - 2)
    ax.legend(fontsize=FONT - 2, loc=loc)


TRAJECTORIES = (
    ("no penalty", (("simultaneous", dict(schedule="simultaneous")), ("alternating", dict(schedule="alternating")))),
    ("R1 penalty, alternating", tuple((f"gamma = {g}", dict(schedule="alternating", penalty="r1", gamma=g))
                                      for g in (0.3, 1.0, 3.0))),  # a tuple: a generator would draw once only
)


def plot_trajectories(loss="minimax", h=0.2, steps=300, start=(1.0, 1.0), lim=3.5):
    """(theta, psi) paths over the gradient vector field: left unregularised, right with R1 (the field drawn at gamma = 1)."""
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
