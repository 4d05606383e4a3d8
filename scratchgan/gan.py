"""The game: Algorithm 1 of Goodfellow et al. (2014).

    for each training iteration:
        for k steps:                       (d_steps)
            sample m noise vectors z and m real examples x
            update D by ascending  1/m sum [log D(x) + log(1 - D(G(z)))]
        sample m noise vectors z
        update G by descending 1/m sum log(1 - D(G(z)))   (or a kinder loss, below)

D ascends V(D, G); we minimise -V instead (``losses.discriminator_loss``).
In the D half G's output is a constant: only D's parameters move. In the G
half the gradient flows *through* the freshly updated D into G, but only G's
parameters move: D is frozen there, and its backward gives dL/dfake alone
(``fake_gradient``; ``param_grads=False``: D's parameter gradients are not
even computed). Each half starts its gradient sum with ``zero_grad``, in
PyTorch's set-to-none form: the first backward takes its gradient, the next adds.
No dL/dx is formed for inputs that are data (real, fake in D's half; z in
G's half: ``need_dx=False``).

Real batches: ``train_step(real)`` takes ``d_steps * B`` rows and gives rows
``[i*B:(i+1)*B]`` to D step i, so every D step sees a fresh real minibatch.
Noise: fresh for every D step and again for G's step, as Algorithm 1 draws it,
unless ``z`` (shape (B, noise_dim)) is given. Then that one z serves every D
step and G's step, which reuses the fake batch G(z) that D was just trained on
(G has not moved since) instead of a fresh draw: not Algorithm 1, but a step
that repeats exactly, for tests and comparisons.

Labels (a conditional game, ``conditional.py``): when both players have
``n_classes``, ``train_step(real, labels=y)`` takes one integer label per real row,
and the fake batch of each D step is asked for the SAME labels as its real
minibatch (G's step: those of the last one). The real rows are draws from
p(x, y), so their labels are a draw from the data's label frequencies p(y):
no frequency vector to carry, no class missing from the fakes that the reals
have, and D cannot tell real from fake by the labels alone. The losses are
unchanged: D(x, y) is one logit per row, as before.
"""
from . import backend, conditional, losses
from .penalty import check_kind as check_penalty, gradient_penalty  # the game's ``penalty`` argument is a kind


def _grad_norm(model):
    """sqrt(sum of squared gradients) over all parameters, as a 0-d device array."""
    xp = backend.xp()
    return xp.sqrt(sum(xp.vdot(g.ravel(), g.ravel()) for g in model.grads.values()))


class GAN:
    """Generator G, discriminator D, their optimizers, and the rules of the game.

    loss: one of ``losses.KINDS``. d_steps: D updates per G update (k).
    label_smoothing: one-sided, real targets become 1 - s (BCE kinds only).
    clip: WGAN weight clipping, D's parameters kept in [-clip, clip] after each D step.
    pack: PacGAN (Lin et al. 2018): D judges ``pack`` samples concatenated, so
      its input has ``pack * dim`` features and a batch of B rows becomes B/pack.
    penalty: None, "r1" or "wgan-gp", weighted by ``penalty_weight`` (``penalty.py``).
    Conditional players (``conditional.py``, both with the same ``n_classes``) make a
    conditional game: ``self.n_classes`` is then C (None for the plain game), and
    train_step, sample, value and fake_gradient take ``labels=``.
    """

    def __init__(self, generator, discriminator, g_optimizer, d_optimizer, *, noise_dim,
                 loss="non_saturating", d_steps=1, label_smoothing=0.0, clip=None, pack=1,
                 penalty=None, penalty_weight=0.0):
        losses.check_kind(loss)
        if d_steps < 1 or pack < 1:
            raise ValueError(f"d_steps and pack must be >= 1, got d_steps={d_steps}, pack={pack}")
        check_penalty(penalty)
        self.n_classes = getattr(discriminator, "n_classes", None)
        if getattr(generator, "n_classes", None) != self.n_classes:
            raise ValueError(f"G is conditional on {getattr(generator, 'n_classes', None)} classes and D on "
                             f"{self.n_classes}: give both players the same labels (conditional.py), or neither")
        if self.n_classes and (pack > 1 or penalty):
            raise ValueError("a conditional game supports neither pack > 1 nor a gradient penalty yet: "
                             "use pack=1 and penalty=None with labels")
        self.G, self.D, self.g_opt, self.d_opt = generator, discriminator, g_optimizer, d_optimizer
        self.noise_dim, self.loss, self.d_steps = noise_dim, loss, d_steps
        self.real_label, self.clip, self.pack = 1.0 - label_smoothing, clip, pack
        self.penalty, self.penalty_weight = penalty, penalty_weight

    # -- helpers ---------------------------------------------------------------
    def noise(self, n):
        """z ~ N(0, I), shape (n, noise_dim), float32 on the active device."""
        return backend.randn(n, self.noise_dim)

    def packed(self, x):
        """(B, dim) -> (B/pack, pack*dim): each row of D's input holds ``pack`` samples."""
        if x.shape[0] % self.pack:
            raise ValueError(f"batch of {x.shape[0]} rows cannot be split into packs of {self.pack}")
        return x.reshape(x.shape[0] // self.pack, -1)

    def check_labels(self, labels, n, where="train_step"):
        """Labels for n rows as a device int array (None in the plain game), or one clear ValueError."""
        if self.n_classes is None:
            if labels is not None:
                raise ValueError(f"{where}: labels were given but this GAN's players are not conditional "
                                 "(wrap them in conditional.Conditional or use conditional.ProjectionD)")
            return None
        if labels is None:
            raise ValueError(f"{where}: this GAN is conditional on {self.n_classes} classes; pass labels=, one integer per row")
        return conditional.check_labels(labels, self.n_classes, n)

    @staticmethod
    def run(net, x, labels=None):
        """net.forward(x), or net.forward(x, labels) for a conditional player: (out, cache)."""
        return net.forward(x) if labels is None else net.forward(x, labels)

    # -- the two halves ----------------------------------------------------------
    def d_step(self, real, fake, *, labels=None):
        """One D update on a real and a fake batch (fake is a constant here); labels: both batches'."""
        labels = self.check_labels(labels, real.shape[0], "d_step")
        (l_real, c_real), (l_fake, c_fake) = self.run(self.D, self.packed(real), labels), self.run(self.D, self.packed(fake), labels)
        d_loss, dl_real, dl_fake = losses.discriminator_loss(l_real, l_fake, self.loss, self.real_label)  # dL/dlogits
        self.D.zero_grad(set_to_none=True)
        self.D.backward(dl_real, c_real, need_dx=False)  # real and fake are data: no dL/dx;
        self.D.backward(dl_fake, c_fake, need_dx=False)  # the two contributions add up in D.grads
        out = {"d_loss": d_loss, "d_real": losses.mean_output(l_real, self.loss),
               "d_fake": losses.mean_output(l_fake, self.loss)}
        if self.loss in losses.BCE_KINDS:  # V(D, G) = mean log D(x) + mean log(1 - D(G(z)))
            out["value"] = losses.value(l_real, l_fake)
        if self.penalty:
            pen = gradient_penalty(self.D, self.packed(real), self.packed(fake), self.penalty, self.penalty_weight)
            out["penalty"], out["d_loss"] = pen, d_loss + pen
        out["d_grad_norm"] = _grad_norm(self.D)
        self.d_opt.step()
        if self.clip is not None:
            xp = backend.xp()
            for p in self.D.params.values():
                xp.clip(p, -self.clip, self.clip, out=p)
        return out

    def fake_gradient(self, fake, kind=None, *, labels=None):
        """G's loss on ``fake`` (B, dim) and its gradient dL_G/dfake (B, dim), through the frozen D.

        Chain rule through D only: D's backward gives dL_G/dfake and leaves D.grads
        alone. kind: a generator loss of ``losses.KINDS`` (default: this game's).
        labels: the classes the fakes were asked for (a conditional game).
        """
        labels = self.check_labels(labels, fake.shape[0], "fake_gradient")
        logits, d_cache = self.run(self.D, self.packed(fake), labels)
        g_loss, dlogits = losses.generator_loss(logits, kind or self.loss)
        dfake = self.D.backward(dlogits, d_cache, param_grads=False)
        return g_loss, dfake.reshape(fake.shape)

    def g_step(self, z, fake=None, g_cache=None, *, labels=None):
        """One G update: descend G's loss through the (frozen) D.

        fake, g_cache: G(z) and its cache when they are already at hand (``train_step``
        reuses them when G has not moved since); computed here when None.
        labels: the classes G is asked for (a conditional game).
        """
        labels = self.check_labels(labels, z.shape[0], "g_step")
        if fake is None:
            fake, g_cache = self.run(self.G, z, labels)
        g_loss, dfake = self.fake_gradient(fake, labels=labels)
        self.G.zero_grad(set_to_none=True)
        self.G.backward(dfake, g_cache, need_dx=False)  # z is data: no dL/dz
        g_norm = _grad_norm(self.G)
        self.g_opt.step()
        return {"g_loss": g_loss, "g_grad_norm": g_norm}

    def train_step(self, real, z=None, *, labels=None):
        """k D updates, then one G update; returns a dict of Python floats.

        With d_steps > 1 the D numbers (d_loss, d_real, d_fake, ...) are those of the last D step.
        labels (a conditional game): one integer per row of real, shape (d_steps * B,);
        each fake batch is asked for its real minibatch's labels (module docstring).
        """
        W = next(iter(self.D.params.values()), None)
        real = backend.asarray(real, dtype=None if W is None else W.dtype)  # float64 data must not make D's step float64
        if real.shape[0] % self.d_steps:
            raise ValueError(f"real has {real.shape[0]} rows; d_steps={self.d_steps} needs a multiple of it")
        labels = self.check_labels(labels, real.shape[0])
        B = real.shape[0] // self.d_steps
        for i in range(self.d_steps):
            zi = z if z is not None else self.noise(B)
            yi = None if labels is None else labels[i * B:(i + 1) * B]  # the fakes' labels: the reals'
            fake, g_cache = self.run(self.G, zi, yi)
            kw = {} if yi is None else {"labels": yi}  # the plain game calls d_step(real, fake) as before
            out = self.d_step(real[i * B:(i + 1) * B], fake, **kw)
        if z is None:
            z = self.noise(B)
            fake, g_cache = self.run(self.G, z, yi)
        # else: G has not moved since fake = G(z) was computed, so it is reused
        out.update(self.g_step(z, fake, g_cache, **kw))
        names = sorted(out)
        values = backend.xp().stack([backend.xp().asarray(out[k], dtype="float32") for k in names])
        return dict(zip(names, backend.to_numpy(values).tolist()))  # one device -> host copy per step

    # -- using the trained model ---------------------------------------------------
    def sample_labels(self, n, labels=None):
        """The labels ``sample(n, labels)`` asks for: None in the plain game; in a conditional
        one, labels checked (an int: n of that class; None: the classes in turn, i % C)."""
        if self.n_classes is not None and labels is None:
            labels = backend.xp().arange(n) % self.n_classes
        elif self.n_classes is not None and getattr(labels, "ndim", 0) == 0 and not isinstance(labels, (list, tuple)):
            labels = backend.xp().full(n, labels)  # one class for all n (a float stays float: refused below)
        return self.check_labels(labels, n, "sample")

    def sample(self, n, labels=None):
        """n samples G(z), z ~ N(0, I), on the active backend; conditional: G(z, y) with
        y = ``sample_labels(n, labels)`` (an int, n labels, or None for the classes in turn)."""
        return self.run(self.G, self.noise(n), self.sample_labels(n, labels))[0]

    def value(self, real, z, *, labels=None):
        """V(D, G) = mean log D(x) + mean log(1 - D(G(z))) for the current D and G
        (conditional: D(x, y), G(z, y) with the same labels for both)."""
        labels = self.check_labels(labels, z.shape[0], "value")
        l_real = self.run(self.D, self.packed(backend.asarray(real)), labels)[0]
        l_fake = self.run(self.D, self.packed(self.run(self.G, z, labels)[0]), labels)[0]
        return float(losses.value(l_real, l_fake))

    def state_dict(self):
        """Every array needed to resume: G, D and both optimizers' states, as host arrays."""
        out = {}
        for prefix, obj in (("G", self.G), ("D", self.D), ("g_opt", self.g_opt), ("d_opt", self.d_opt)):
            out.update({f"{prefix}/{k}": v for k, v in obj.state_dict().items()})
        return out

    def load_state_dict(self, state):
        for prefix, obj in (("G", self.G), ("D", self.D), ("g_opt", self.g_opt), ("d_opt", self.d_opt)):
            part = {k[len(prefix) + 1:]: v for k, v in state.items() if k.startswith(prefix + "/")}
            obj.load_state_dict(part)
