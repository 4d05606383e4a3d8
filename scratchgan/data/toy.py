"""Toy distributions in 1-D and 2-D, with their modes and true densities.

The 2-D mixtures are those of the PacGAN experiments (Lin et al. 2018, after
VEEGAN, Srivastava et al. 2017): ``ring`` has 8 modes on the unit circle with
std 0.01; ``grid`` 25 modes at {-4,-2,0,2,4}^2 with std 0.05. Both are tiny
blobs, so a generator is only "high quality" when it is precise.
"""
import numpy as np

from .dataset import Dataset


def gaussian_mixture(name, modes, std, kind=None):
    """Equal-weight mixture of N(mu_k, std^2 I): pick a mode k uniformly, add noise.

    Labelled: mode k is class k, so ``sample_labelled`` returns the picked k beside each x.
    """
    modes = np.asarray(modes, dtype=np.float64)
    modes = modes.reshape(len(modes), -1)
    dim = modes.shape[1]

    def draw_labelled(n, rng):
        k = rng.integers(0, len(modes), n)
        return modes[k] + std * rng.standard_normal((n, dim)), k
    return Dataset(name, dim, kind or ("1d" if dim == 1 else "2d"), lambda n, rng: draw_labelled(n, rng)[0],
                   modes, std, draw_labelled=draw_labelled, n_classes=len(modes))


def gaussian(mean=4.0, std=0.5):
    """The 1-D N(4, 0.5^2) of Goodfellow's tutorial figures: one mode."""
    return gaussian_mixture("gaussian", [[mean]], std)


def mixture(means=(-2.0, 2.0), std=0.4):
    """A 1-D mixture of two Gaussians: the smallest case where a GAN can drop a mode."""
    return gaussian_mixture("mixture", [[m] for m in means], std)


def ring(n_modes=8, radius=1.0, std=0.01):
    """8 Gaussians evenly on a circle of radius 1, std 0.01 (PacGAN, VEEGAN)."""
    angle = 2 * np.pi * np.arange(n_modes) / n_modes
    return gaussian_mixture("ring", radius * np.stack([np.cos(angle), np.sin(angle)], 1), std)


def grid(side=5, spacing=2.0, std=0.05):
    """25 Gaussians on the 5x5 grid {-4,-2,0,2,4}^2, std 0.05 (PacGAN, VEEGAN)."""
    ticks = spacing * (np.arange(side) - (side - 1) / 2)
    return gaussian_mixture("grid", np.array([(a, b) for a in ticks for b in ticks]), std)


def swiss_roll(noise=0.05, scale=0.25):
    """A 2-D spiral: t ~ U(1.5 pi, 4.5 pi), x = scale * t (cos t, sin t) + noise. No modes."""
    def draw(n, rng):
        t = 1.5 * np.pi * (1 + 2 * rng.random(n))
        return scale * np.stack([t * np.cos(t), t * np.sin(t)], 1) + noise * rng.standard_normal((n, 2))
    return Dataset("swiss_roll", 2, "2d", draw)


BY_NAME = {"gaussian": gaussian, "mixture": mixture, "ring": ring, "grid": grid, "swiss_roll": swiss_roll}
