"""The classroom lab: one live GAN a teacher steps by hand (GAN Lab's picture, our own code).

This module is the lab's logic in plain Python, testable without a browser:

    >>> from scratchgan.lab import LabState
    >>> lab = LabState(batch_size=64, hidden=16, d_hidden=16)   # the ring, smaller nets
    >>> lab.d_step(); lab.g_step(); lab.full_step()
    >>> lab.d_updates, lab.g_updates
    (2, 2)
    >>> sorted(k for k in lab.numbers() if k.startswith("mean"))
    ['mean_d_fake', 'mean_d_real']

``lab_views.py`` draws it (the plane, Figure 1, the Dirac-GAN) and
``lab_widget.py`` puts buttons and sliders over it. The GAN is built exactly as
``train.train`` builds it (``presets.preset`` + ``train.build_gan`` after
``backend.seed(seed)``), on data standardised the same way, so ``python_code()``
is a short script that rebuilds this very GAN.

One "full step" is Algorithm 1 of Goodfellow et al. (2014): k D updates, each on a
fresh real batch and fresh z, then one G update through the new D. The
teaching modes freeze one player: with G frozen, D alone climbs towards
D* = p_data / (p_data + p_g) (lesson 06); with D frozen, G's best reply piles its
mass on D's argmax (lesson 12's point mass).
"""
import math

import numpy as np

from . import backend, data, dynamics, losses, metrics, presets, train
from .losses import BCE_KINDS

LIVE = ("lr_g", "lr_d", "k", "batch_size", "loss", "penalty", "penalty_weight", "freeze")
STRUCTURE = ("data", "pack", "hidden", "layers", "d_hidden", "d_layers", "noise_dim", "seed")
FREEZE = (None, "G", "D")
LOG4 = -math.log(4.0)  # V(D*, G) at p_g = p_data (Theorem 1)


def drawn_dataset(points, std=0.05):
    """A data set from points a teacher clicked, (n, 2): each step draws rows uniformly, plus N(0, std^2) jitter.

    Every clicked point is a mode, so the strip can count which ones G captures.
    """
    x = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    if len(x) < 1:
        raise ValueError("no points drawn yet; click on the plane to add data points")
    ds = data.gaussian_mixture("drawn", x, std)
    ds.table = ds.sample(2000, np.random.default_rng(0)).astype(np.float64)  # what train.normalisation reads
    return ds


class LabState:
    """One GAN, its data and its settings, stepped one update at a time.

    Settings (keyword arguments, also ``set(**changes)``): data (a toy name, a .npy/.csv
    path, or "drawn" with ``points``), loss, lr_g, lr_d, k (D steps per G step),
    batch_size, penalty (None, "r1", "wgan-gp"), penalty_weight, pack, hidden, layers,
    d_hidden, d_layers, noise_dim, seed, freeze (None, "G" or "D"). The rest come
    from ``presets.preset(data)``. LIVE settings act on the next step; STRUCTURE
    settings rebuild the GAN from its seed (the game restarts).
    """

    def __init__(self, data=None, points=None, n_show=512, **settings):
        data = data or ("drawn" if points is not None else "ring")
        self.points = None if points is None else np.asarray(points, dtype=np.float64).reshape(-1, 2)
        self.n_show = n_show
        self.settings = {"data": data, "freeze": None}
        self.settings.update(self._defaults(data))
        self.set(**settings)
        if not hasattr(self, "gan"):
            self.reset()

    @staticmethod
    def _defaults(spec):
        c = presets.preset("ring" if spec == "drawn" else spec)
        return dict(loss=c["loss"], lr_g=c["lr"], lr_d=c["lr"], k=c["d_steps"], batch_size=c["batch_size"],
                    penalty=c["penalty"], penalty_weight=c["penalty_weight"], pack=c["pack"], hidden=c["hidden"],
                    layers=c["layers"], d_hidden=c["d_hidden"], d_layers=c["d_layers"], noise_dim=c["noise_dim"],
                    seed=c["seed"])

    # -- settings -----------------------------------------------------------------
    def set(self, **changes):
        """Change settings; rebuilds (``reset``) when one of STRUCTURE changed. Bad values raise ValueError."""
        unknown = set(changes) - set(LIVE) - set(STRUCTURE) - {"points"}
        if unknown:
            raise ValueError(f"unknown lab settings {sorted(unknown)}; known: {sorted(LIVE + STRUCTURE)}")
        drawn, points = "points" in changes, self.points
        if drawn:
            points = np.asarray(changes.pop("points"), dtype=np.float64).reshape(-1, 2)
            changes.setdefault("data", "drawn")
        if changes.get("loss", losses.KINDS[0]) not in losses.KINDS:
            raise ValueError(f"unknown loss {changes['loss']!r}; choose one of {', '.join(losses.KINDS)}")
        if changes.get("freeze", None) not in FREEZE:
            raise ValueError(f"freeze must be None, 'G' or 'D', got {changes['freeze']!r}")
        new = {**self.settings, **changes}
        if changes.get("data", self.settings["data"]) not in (self.settings["data"], "drawn"):  # new data: its preset
            new = {**self.settings, **self._defaults(changes["data"]), **changes}
        if new["penalty"] not in (None, "r1", "wgan-gp"):
            raise ValueError(f"unknown penalty {new['penalty']!r}; choose None, 'r1' or 'wgan-gp'")
        self.config(new)  # presets.check_config: one clear line for a setting that cannot work
        rebuild = (not hasattr(self, "gan") or drawn
                   or any(new[k] != self.settings[k] for k in STRUCTURE))
        old, old_points = self.settings, self.points
        self.settings, self.points = new, points
        if rebuild:
            try:
                self.reset()
            except Exception:
                if hasattr(self, "gan"):  # keep the game that was running
                    self.settings, self.points = old, old_points
                raise
        else:
            self._apply_live()

    def config(self, s=None):
        """The ``train`` config of these settings (what the exported checkpoint and script use)."""
        s = s or self.settings
        spec = s["data"] if s["data"] != "drawn" else "ring"
        c = presets.preset(spec, loss=s["loss"], lr=s["lr_g"], d_steps=s["k"], batch_size=s["batch_size"],
                         pack=s["pack"], hidden=s["hidden"], layers=s["layers"], d_hidden=s["d_hidden"],
                         d_layers=s["d_layers"], noise_dim=s["noise_dim"], seed=s["seed"], lr_decay=0.0,
                         penalty_weight=s["penalty_weight"])
        c["penalty"] = s["penalty"]
        c["lr_d"] = s["lr_d"]
        presets.check_config({**c, "lr": min(s["lr_g"], s["lr_d"])})
        return c

    def _apply_live(self):
        s, g = self.settings, self.gan
        g.g_opt.lr, g.d_opt.lr = s["lr_g"], s["lr_d"]
        g.loss, g.d_steps, g.penalty, g.penalty_weight = s["loss"], s["k"], s["penalty"], s["penalty_weight"]

    # -- the game -------------------------------------------------------------------
    def reset(self, seed=None):
        """Rebuild G and D from the seed (as ``train.train`` does) and restart the counters."""
        if seed is not None:
            self.settings = {**self.settings, "seed": int(seed)}
        s = self.settings
        ds = drawn_dataset(self.points) if s["data"] == "drawn" else data.get_dataset(s["data"], min_rows=1)
        if ds.kind not in ("1d", "2d"):
            raise ValueError(f"the lab shows 1-D and 2-D data; {s['data']!r} has {ds.dim} columns")
        self.dataset = ds
        self.shift, self.scale = train.normalisation(self.dataset)
        backend.seed(s["seed"])
        self.gan = train.build_gan(self.config(), self.dataset.dim, self.dataset.kind)
        self._apply_live()
        self.initial = self.gan.state_dict()
        self.rng = np.random.default_rng(s["seed"])  # the data stream, as in train.train
        view = metrics.eval_rng(s["seed"])
        self.z_show = view.standard_normal((2500, s["noise_dim"])).astype(np.float32)  # fixed z: points move smoothly
        self.real_show = self.dataset.sample(self.n_show, view).astype(np.float64)
        self.d_updates = self.g_updates = 0
        self.last = {"d_grad_norm": float("nan"), "g_grad_norm": float("nan")}

    def _real(self, n):
        return backend.asarray(((self.dataset.sample(n, self.rng) - self.shift) / self.scale).astype(np.float32))

    def d_step(self):
        """One D update on a fresh real batch and G(z) for fresh z (no-op while D is frozen)."""
        if self.settings["freeze"] == "D":
            return
        B = self.settings["batch_size"]
        fake, _ = self.gan.G.forward(self.gan.noise(B))
        out = self.gan.d_step(self._real(B), fake)
        self.last["d_grad_norm"] = float(out["d_grad_norm"])
        self.d_updates += 1

    def g_step(self):
        """One G update through the current D (no-op while G is frozen)."""
        if self.settings["freeze"] == "G":
            return
        out = self.gan.g_step(self.gan.noise(self.settings["batch_size"]))
        self.last["g_grad_norm"] = float(out["g_grad_norm"])
        self.g_updates += 1

    def full_step(self, n=1):
        """n rounds of Algorithm 1: k D updates then one G update, each frozen player skipped."""
        for _ in range(int(n)):
            for _ in range(self.settings["k"]):
                self.d_step()
            self.g_step()

    # -- what the class sees ----------------------------------------------------------
    def to_data(self, x):
        """Host (n, dim) in data units from device rows in the standardised units G and D use."""
        return backend.to_numpy(x).astype(np.float64) * self.scale + self.shift

    def fake(self, n=None):
        """G(z) for the fixed z_show (first n rows), host (n, dim) in data units."""
        return self.to_data(self.gan.G(backend.asarray(self.z_show[:n or self.n_show])))

    def arrows(self, fake):
        """-dL_G/dx at fake points (n, dim) in data units -> (n, dim); n is cut to whole packs."""
        n = len(fake) // self.settings["pack"] * self.settings["pack"]
        x = backend.asarray(((fake[:n] - self.shift) / self.scale).astype(np.float32))
        _, dx = self.gan.fake_gradient(x)
        return -backend.to_numpy(dx).astype(np.float64) / self.scale

    def d_of(self, x):
        """D at host points x (n, dim) in data units: P(real) for BCE losses, the critic score otherwise."""
        x = ((np.asarray(x, dtype=np.float64) - self.shift) / self.scale).astype(np.float32)
        logits = self.gan.D(backend.asarray(np.tile(x, (1, self.settings["pack"]))))  # a pack of copies of x
        out = losses.sigmoid(logits) if self.gan.loss in BCE_KINDS else logits
        return backend.to_numpy(out).astype(np.float64).ravel()

    def numbers(self):
        """The strip of live numbers, as a dict of Python numbers (None where it does not apply).

        value: V(D, G) = mean log D(x) + mean log(1 - D(G(z))) on the shown real points and
        fake points (BCE losses only; -log 4 = -1.386 at the equilibrium); mean_d_real,
        mean_d_fake: mean D(x) and D(G(z)); grad norms of the last D and G updates; modes,
        n_modes and high_quality on 2,500 samples (``metrics.mode_coverage``).
        """
        g, B = self.gan, self.n_show // self.settings["pack"] * self.settings["pack"]
        real = backend.asarray(((self.real_show[:B] - self.shift) / self.scale).astype(np.float32))
        fake_z = backend.asarray(self.z_show[:B])
        l_real, l_fake = g.D(g.packed(real)), g.D(g.packed(g.G(fake_z)))
        out = {"d_updates": self.d_updates, "g_updates": self.g_updates, "value": None, "log4": LOG4,
               "mean_d_real": self._mean_d(l_real), "mean_d_fake": self._mean_d(l_fake),
               "d_grad_norm": self.last["d_grad_norm"], "g_grad_norm": self.last["g_grad_norm"],
               "modes": None, "n_modes": None, "high_quality": None, "precision": None, "recall": None}
        if g.loss in BCE_KINDS:
            out["value"] = -float(losses.softplus(-l_real).mean() + losses.softplus(l_fake).mean())
        many = self.fake(2500)
        ds = self.dataset
        if ds.modes is not None and ds.mode_std is not None:
            cov = metrics.mode_coverage(many, ds.modes, ds.mode_std)
            out.update(modes=cov["modes"], n_modes=cov["n_modes"], high_quality=cov["high_quality"],
                       captured=[c > 0 for c in cov["counts"]])
        precision, recall = metrics.precision_recall(*metrics.standardise(self.real_show, many[:len(self.real_show)]))
        out.update(precision=float(precision), recall=float(recall))
        return out

    def _mean_d(self, logits):
        """Mean D output: a probability for the BCE losses, the raw critic score otherwise."""
        out = losses.sigmoid(logits) if self.gan.loss in BCE_KINDS else logits
        return float(out.mean())

    # -- export (lab_export.py) ------------------------------------------------------------
    def python_code(self, checkpoint_path=None):
        """The Python that rebuilds this GAN with its settings (and, given a checkpoint, its weights)."""
        from .lab_export import python_code
        return python_code(self, checkpoint_path)

    def export(self, out, figures=True):
        """Write a run folder (checkpoint.npz, rebuild.py, lab.json, the library's figure); returns out."""
        from .lab_export import export
        return export(self, out, figures)


class DiracLab:
    """The Dirac-GAN of lesson 09, stepped by hand: theta (G's point) against psi (D's slope).

    schedule "simultaneous" spirals out, "alternating" circles; penalty "r1" with weight
    gamma > 0 spirals in (``dynamics.step``).
    """

    def __init__(self, schedule="simultaneous", loss="minimax", h=0.2, penalty=None, gamma=0.0, start=(1.0, 1.0)):
        self.schedule, self.loss, self.h, self.penalty, self.gamma, self.start = schedule, loss, h, penalty, gamma, start
        dynamics.check_settings(loss, schedule, penalty, gamma, h)
        self.reset()

    def reset(self):
        self.path = [tuple(map(float, self.start))]

    def step(self, n=1):
        for _ in range(int(n)):
            self.path.append(tuple(map(float, dynamics.step(*self.path[-1], self.loss, self.schedule,
                                                            self.penalty, self.gamma, self.h))))
        return self.path[-1]

    def radius(self):
        """Distance of (theta, psi) from the equilibrium (0, 0)."""
        return float(np.hypot(*self.path[-1]))
