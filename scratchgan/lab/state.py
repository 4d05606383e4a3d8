"""The lab's game: one live GAN a teacher steps by hand (GAN Lab's picture, our own code).

Plain Python, testable without a browser:

    >>> from scratchgan.lab import LabState
    >>> lab = LabState(batch_size=64, hidden=16, d_hidden=16)   # the ring, smaller nets
    >>> lab.d_step(); lab.g_step(); lab.full_step()
    >>> lab.d_updates, lab.g_updates
    (2, 2)
    >>> sorted(k for k in lab.numbers() if k.startswith("mean"))
    ['mean_d_fake', 'mean_d_real']

``settings.py`` holds what can be changed (``apply_live`` puts a change on the running GAN), ``drawn.py``
makes clicked points a data set, ``readouts.py`` the strip of numbers, ``views.py`` draws the game (the
plane, Figure 1, the Dirac-GAN) and ``widget.py`` puts buttons and sliders over it. The GAN is built
exactly as ``train.train`` builds it (``presets.preset`` + ``train.build_gan`` after ``backend.seed(seed)``),
on data standardised the same way, so ``python_code()`` is a short script that rebuilds this very GAN.

One "full step" is Algorithm 1 of Goodfellow et al. (2014): k D updates, each on a
fresh real batch and fresh z, then one G update through the new D. The
teaching modes freeze one player: with G frozen, D alone climbs towards
D* = p_data / (p_data + p_g) (lesson 06); with D frozen, G's best reply piles its
mass on D's argmax (lesson 12's point mass).

Beside G the state keeps the averaged G (``average.Average``, the trainer's EMA of
G's weights with the preset's decay ``ema``), updated after each G update and
started anew on reset; ``fake(averaged=True)`` samples it.
"""
import numpy as np

from .. import backend, data, metrics, train
from ..average import Average
from ..plots.base import g_output
from . import conditioned, readouts, settings as lab_settings
from .drawn import drawn_dataset


class LabState:
    """One GAN, its data and its settings, stepped one update at a time.

    ``LabState(data=None, points=None, n_show=512, **settings)``: the settings are
    those of ``settings.py`` (the rest come from ``presets.preset(data)``); ``points``
    (n, 2) makes the data the clicked points. Shown to the class: ``n_show`` real
    points ``real_show`` and G at the fixed noise ``z_show`` (2,500 rows). ``average``:
    the averaged G (None where the preset's ``ema`` is 0).
    """

    def __init__(self, data=None, points=None, n_show=512, **settings):
        data = data or ("drawn" if points is not None else "ring")
        self.points = None if points is None else np.asarray(points, dtype=np.float64).reshape(-1, 2)
        self.n_show = n_show
        self.draw_box = None  # while drawing: the plane's box when the drawing began (the widget sets it)
        self.settings = {"data": data, "freeze": None, "optimizer": "adam", "arrows": "linear", "conditional": False,
                         "label": None, **lab_settings.defaults(data)}
        self.settings.update(lab_settings.VIEW_DEFAULTS)  # what the plane draws: no effect on the game
        self.gan = None
        self.set(**settings)  # no GAN yet: set builds one

    def set(self, **changes):
        """Change settings (``points`` too: the data become those points); a STRUCTURE change rebuilds
        the GAN from its seed (``reset``). A bad value raises ValueError and keeps the game that was running."""
        points, drawn = self.points, "points" in changes
        if drawn:
            points = np.asarray(changes.pop("points"), dtype=np.float64).reshape(-1, 2)
            changes.setdefault("data", "drawn")
        new = lab_settings.changed(self.settings, changes)
        rebuild = self.gan is None or drawn or lab_settings.rebuilds(self.settings, new)
        old = self.settings, self.points
        self.settings, self.points = new, points
        if not rebuild:
            lab_settings.apply_live(self.gan, self.settings)
            return
        try:
            self.reset()
        except Exception:
            if self.gan is not None:
                self.settings, self.points = old
            raise

    def config(self):
        """The ``train`` config of the current settings (``settings.config``)."""
        return lab_settings.config(self.settings)

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
        self.shift, self.scale = train.normalisation(ds)
        backend.seed(s["seed"])
        self.gan = train.build_gan(self.config(), ds.dim, ds.kind, ds.n_classes)
        ema = self.config()["ema"]
        self.average = Average(self.gan.G.params, ema) if ema else None  # as train.train keeps it
        lab_settings.apply_live(self.gan, self.settings)
        self.initial = self.gan.state_dict()
        self.data_rng = np.random.default_rng(s["seed"])  # the data stream, as in train.train (Result.data_rng)
        view = metrics.eval_rng(s["seed"])
        self.z_show = view.standard_normal((2500, s["noise_dim"])).astype(np.float32)  # fixed z: points move smoothly
        if ds.n_classes:  # the same points as ds.sample draws, and each one's class
            self.real_show, self.real_labels = ds.sample_labelled(self.n_show, view)
        else:
            self.real_show, self.real_labels = ds.sample(self.n_show, view), None
        self.real_show = self.real_show.astype(np.float64)
        self.d_updates = self.g_updates = 0
        self.phase, self.d_in_round = None, 0  # the last update played ("D" or "G"), D updates since the last G
        self.last = {"d_grad_norm": float("nan"), "g_grad_norm": float("nan")}

    def _real(self, n):
        return backend.asarray(((self.dataset.sample(n, self.data_rng) - self.shift) / self.scale).astype(np.float32))

    def d_step(self):
        """One D update on a fresh real batch and G(z) for fresh z (no-op while D is frozen)."""
        if self.settings["freeze"] == "D":
            return
        B = self.settings["batch_size"]
        if self.settings["conditional"]:  # fakes asked for the real batch's labels (conditioned.py)
            real, y = conditioned.real_batch(self, B)
            out = self.gan.d_step(real, self.gan.G(self.gan.noise(B), y), labels=y)
        else:
            fake, _ = self.gan.G.forward(self.gan.noise(B))
            out = self.gan.d_step(self._real(B), fake)
        self.last["d_grad_norm"] = float(out["d_grad_norm"])
        self.d_updates += 1
        self.d_in_round = self.d_in_round % self.settings["k"] + 1 if self.phase == "D" else 1
        self.phase = "D"

    def g_step(self):
        """One G update through the current D (no-op while G is frozen)."""
        if self.settings["freeze"] == "G":
            return
        B = self.settings["batch_size"]
        y = conditioned.g_labels(self, B) if self.settings["conditional"] else None
        out = self.gan.g_step(self.gan.noise(B), **({} if y is None else {"labels": y}))
        self.last["g_grad_norm"] = float(out["g_grad_norm"])
        if self.average is not None:
            self.average.update(self.gan.G.params)  # the averaged G, after each G update (average.py)
        self.g_updates += 1
        self.phase, self.d_in_round = "G", 0

    def full_step(self, n=1):
        """n rounds of Algorithm 1: k D updates then one G update, each frozen player skipped."""
        for _ in range(int(n)):
            for _ in range(self.settings["k"]):
                self.d_step()
            self.g_step()

    # -- what the class sees ----------------------------------------------------------
    def fake(self, n=None, averaged=False):
        """G(z) for the fixed z_show (first n rows, default n_show): host (n, dim) in data units
        (conditional: G(z, y) for the labels ``shown_labels(n)``).

        averaged=True: the averaged G's samples at the same z (G's own before its first update)."""
        return self.generate(self.z_show[:n or self.n_show], averaged)

    def generate(self, z, averaged=False, labels=None):
        """G(z) for host noise z (m, noise_dim): host (m, dim) in data units; averaged=True: the averaged G's.

        The conditional game's G(z, y): labels (m,) ints, default ``shown_labels(m)``; the plain game takes none."""
        if labels is None:
            labels = self.shown_labels(len(z))
        if not averaged:
            return g_output(self.gan, z, self.shift, self.scale, labels=labels)
        if self.average is None:
            raise ValueError("this game keeps no averaged G (its preset's ema is 0): show the raw G")
        with self.average.swapped_into(self.gan.G):
            return g_output(self.gan, z, self.shift, self.scale, labels=labels)

    # the conditional game's labels (conditioned.py): None in the plain game
    def shown_labels(self, n):
        """The labels G's first n shown samples are asked for: (n,) ints, or None."""
        return conditioned.shown_labels(self, n)

    def plane_labels(self, x):
        """The label D judges each point x (n, 2) with on the plane: (n,) ints, or None."""
        return conditioned.plane_labels(self, x)

    def real_class(self):
        """The shown real points of the label on show: bools (n_show,), or None (all of them)."""
        return conditioned.real_class(self)

    def numbers(self):
        """The strip of live numbers (``readouts.numbers``): a dict of Python numbers."""
        return readouts.numbers(self)

    # -- export (export.py) -------------------------------------------------------------
    def python_code(self, checkpoint_path=None):
        """The Python that rebuilds this GAN with its settings (and, given a checkpoint, its weights)."""
        from .export import python_code
        return python_code(self, checkpoint_path)

    def export(self, out, figures=True):
        """Write a run folder (checkpoint.npz, rebuild.py, lab.json, the library's figure); returns out."""
        from .export import export
        return export(self, out, figures)
