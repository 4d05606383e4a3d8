"""The GAN losses, written in logits, each returning its gradient too.

With l a logit and s = sigma(l) = D's probability that the input is real:

    log s(l)       = -softplus(-l)        log(1 - s(l)) = -softplus(l)
    d softplus(l)/dl = s(l)               softplus(l) = max(l, 0) + log1p(e^-|l|)

so no function here ever takes the log of a sigmoid: for any finite logit the
loss and gradient are finite and exact (log(s) of a rounded s = 0 is -inf).

Every loss returns ``(loss, *dlogits)``: the loss as a 0-d array (a NumPy
scalar on the CPU) and dloss/dlogits with the shape of each logits array
(``dl_real``, ``dl_fake``). "mean" is over all elements of that array (B of
them for logits of shape (B, 1)). The last three functions are the game's
quantities read off D's logits: D's output, its batch mean and V(D, G).
"""
from . import backend
from .layers import sigmoid

KINDS = ("minimax", "non_saturating", "least_squares", "wasserstein", "hinge")
BCE_KINDS = ("minimax", "non_saturating")  # D's output is a probability sigma(l); for the others it is a score l


def softplus(l):
    """log(1 + e^l) without overflow: max(l, 0) + log1p(e^-|l|)."""
    xp = backend.get_xp(l)
    return xp.maximum(l, 0) + xp.log1p(xp.exp(-abs(l)))


def check_kind(kind):
    """Raise ValueError listing the kinds unless ``kind`` is one of them."""
    if kind not in KINDS:
        raise ValueError(f"unknown loss kind {kind!r}; choose one of {', '.join(KINDS)}")


def bce_with_logits(logits, targets):
    """Binary cross-entropy, mean over elements, from logits.

    BCE(l, t) = -[t log s(l) + (1-t) log(1 - s(l))] = t softplus(-l) + (1-t) softplus(l)
    dBCE/dl   = s(l) - t = (1-t) s(l) - t s(-l)     (the second form never cancels)
    ``targets`` is an array like ``logits`` or a number (e.g. 0.9 for label smoothing).
    """
    n = logits.size
    loss = (targets * softplus(-logits) + (1 - targets) * softplus(logits)).mean()
    dlogits = ((1 - targets) * sigmoid(logits) - targets * sigmoid(-logits)) / n
    return loss, dlogits


def discriminator_loss(real_logits, fake_logits, kind, real_label=1.0):
    """D's loss on a real and a fake batch: ``(loss, dl_real, dl_fake)``, the gradients w.r.t. each batch's logits.

    minimax / non_saturating: -[mean log s(l_real) + mean log(1 - s(l_fake))] = -V(D, G)
    least_squares: 0.5 mean (l_real - 1)^2 + 0.5 mean l_fake^2
    wasserstein:   mean l_fake - mean l_real          (D is a critic; l is a score)
    hinge:         mean relu(1 - l_real) + mean relu(1 + l_fake)
    ``real_label`` < 1 gives one-sided label smoothing (BCE kinds only).
    """
    check_kind(kind)
    xp = backend.get_xp(real_logits, fake_logits)
    nr, nf = real_logits.size, fake_logits.size
    if kind in ("minimax", "non_saturating"):
        loss_r, dl_real = bce_with_logits(real_logits, real_label)
        loss_f, dl_fake = bce_with_logits(fake_logits, 0.0)
        return loss_r + loss_f, dl_real, dl_fake
    if kind == "least_squares":
        loss = 0.5 * ((real_logits - 1) ** 2).mean() + 0.5 * (fake_logits ** 2).mean()
        return loss, (real_logits - 1) / nr, fake_logits / nf
    if kind == "wasserstein":
        loss = fake_logits.mean() - real_logits.mean()
        return loss, xp.full_like(real_logits, -1 / nr), xp.full_like(fake_logits, 1 / nf)
    # hinge: relu(1 - l) has slope -1 where l < 1; relu(1 + l) slope +1 where l > -1
    loss = xp.maximum(1 - real_logits, 0).mean() + xp.maximum(1 + fake_logits, 0).mean()
    dl_real = -(real_logits < 1).astype(real_logits.dtype) / nr
    dl_fake = (fake_logits > -1).astype(fake_logits.dtype) / nf
    return loss, dl_real, dl_fake


def generator_loss(fake_logits, kind):
    """G's loss on D's logits for a fake batch: ``(loss, dl_fake)``.

    minimax:        mean log(1 - s(l)) = -mean softplus(l);  d/dl = -s(l)/n.
                    Saturates: when D rejects fakes (l << 0) the gradient -> 0.
    non_saturating: -mean log s(l) = mean softplus(-l);       d/dl = -s(-l)/n -> -1/n.
    least_squares:  0.5 mean (l - 1)^2
    wasserstein, hinge: -mean l
    """
    check_kind(kind)
    xp = backend.get_xp(fake_logits)
    n = fake_logits.size
    if kind == "minimax":
        return -softplus(fake_logits).mean(), -sigmoid(fake_logits) / n
    if kind == "non_saturating":
        return softplus(-fake_logits).mean(), -sigmoid(-fake_logits) / n
    if kind == "least_squares":
        return 0.5 * ((fake_logits - 1) ** 2).mean(), (fake_logits - 1) / n
    return -fake_logits.mean(), xp.full_like(fake_logits, -1 / n)


# -- the game's quantities, one home each (gan, lab, plots and exercises import these) --------
def output(logits, kind):
    """What D says about each input: sigma(l) = P(real) for the BCE kinds, the raw score l otherwise."""
    check_kind(kind)
    return sigmoid(logits) if kind in BCE_KINDS else logits


def mean_output(logits, kind):
    """Mean D output over a batch (0-d array): mean D(x) or mean D(G(z)); 1/2 each at the equilibrium."""
    return output(logits, kind).mean()


def value(real_logits, fake_logits):
    """V(D, G) = mean log D(x) + mean log(1 - D(G(z))) from D's logits (0-d array); -log 4 at the equilibrium.

    log s(l) = -softplus(-l) and log(1 - s(l)) = -softplus(l), so V never takes the log of a sigmoid.
    It is the value of the BCE games only (minimax and non-saturating share it: -V is D's loss).
    """
    return -(softplus(-real_logits).mean() + softplus(fake_logits).mean())
