"""The averaged generator: an exponential moving average (EMA) of G's parameters.

A GAN's alternating steps need not settle at the equilibrium: in the Dirac-GAN of
lesson 09 they circle it for ever. The *average* of points on a circle lies near
its centre, so one keeps, beside G's last iterate theta_t, an average of the
iterates and samples from that instead (Yazici et al. 2019, "The unusual
effectiveness of averaging in GAN training"; ProGAN, StyleGAN and BigGAN sample
their averaged G). Training never reads the average: it changes what is measured,
not what is learned.

The equation, with ``decay`` beta in [0, 1) and t the number of G steps so far:

    a_0 = 0,    a_t = beta a_{t-1} + (1 - beta) theta_t           (after each G step)
    averaged G: theta_bar_t = a_t / (1 - beta^t)                   (t >= 1)

Unrolled, a_t = (1 - beta) sum_{s=1..t} beta^(t-s) theta_s, and those weights
sum to 1 - beta^t, so theta_bar_t is a weighted *mean* of the iterates theta_1..theta_t
at every t: the warm-up is the division, Adam's bias correction of a moment started
at zero (Kingma & Ba 2015, and lesson 05). Why this warm-up and not the other common
one, a copy of G's initial weights averaged with decay min(beta, (1 + t)/(10 + t))
(TensorFlow's ``num_updates``):

* no weight ever rests on the random initialisation, which is no iterate of the game;
* its weights are written in one line, and for beta -> 1 they tend to 1/t: the uniform
  running (Cesaro) mean, which lesson 09 shows converges to the centre of the circle,
  while for a fixed beta < 1 the average only shrinks the circle (lesson 09 derives
  by how much). The EMA with beta near 1 is the Cesaro mean that forgets the start.

The cost of the choice: one division on reading. ``decay`` is the hyper-parameter
(the config key ``ema``; 0 = no average); its horizon is about 1/(1 - beta) steps.

    >>> import numpy as np
    >>> avg = Average({"w": np.zeros(1)}, decay=0.5)
    >>> for theta in (1.0, 2.0, 3.0):
    ...     avg.update({"w": np.array([theta])})
    >>> float(avg.weights()["w"][0])   # (1*1 + 2*2 + 4*3) / (1 + 2 + 4)
    2.4285714285714284
"""
import contextlib

from . import backend


class Average:
    """The EMA a_t of a dict of parameter arrays (any backend, their dtypes), read bias-corrected.

    params: name -> array, the parameters to average (e.g. ``G.params``); only their
    shapes and dtypes are read here. decay: beta in [0, 1). ``t``: updates so far.
    """

    def __init__(self, params, decay=0.999):
        if not 0 <= decay < 1:
            raise ValueError(f"decay must be in [0, 1) (0.999 averages about the last 1,000 steps), got {decay!r}")
        self.decay, self.t = float(decay), 0
        self.sums = {k: backend.get_xp(p).zeros_like(p) for k, p in params.items()}

    def update(self, params):
        """a_t = beta a_{t-1} + (1 - beta) theta_t, in place; call it after each G step."""
        if set(params) != set(self.sums):
            raise ValueError(f"params have keys {sorted(params)}; this average has {sorted(self.sums)}")
        self.t += 1
        for k, a in self.sums.items():
            a += (1 - self.decay) * (params[k] - a)

    def weights(self):
        """name -> theta_bar_t = a_t / (1 - beta^t) (new arrays), or None before the first update."""
        if self.t == 0:
            return None
        correction = 1 - self.decay ** self.t
        return {k: a / correction for k, a in self.sums.items()}

    @contextlib.contextmanager
    def swapped_into(self, model):
        """``with avg.swapped_into(G): G(z)`` samples the averaged G; G's own weights come back after
        (even after an error). Before the first update the model is left as it is."""
        w = self.weights()
        kept = dict(model.params)
        if w is not None:
            model.params.update(w)
        try:
            yield model
        finally:
            model.params.update(kept)

    def state_dict(self):
        """Host arrays for a checkpoint: "<name>" -> a_t (the uncorrected sums) and "t" -> 0-d count."""
        out = {k: backend.to_numpy(a).copy() for k, a in self.sums.items()}
        out["t"] = backend.to_numpy(self.t)  # a 0-d integer array
        return out

    def load_state_dict(self, state):
        """Continue exactly from ``state_dict()``'s arrays (same names and shapes; copied, so ``state`` stays as it is)."""
        names = set(state) - {"t"}
        if names != set(self.sums) or "t" not in state:
            raise ValueError(f"average state has keys {sorted(state)}; expected {sorted(self.sums)} and 't'")
        for k in self.sums:
            if tuple(state[k].shape) != tuple(self.sums[k].shape):
                raise ValueError(f"average {k}: shape {tuple(state[k].shape)}, expected {tuple(self.sums[k].shape)}")
            self.sums[k] = backend.asarray(state[k], dtype=self.sums[k].dtype).copy()
        self.t = int(state["t"])
