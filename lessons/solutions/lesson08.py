"""Solutions to lesson 08 (the minimax game), for teachers."""
import numpy as np

from scratchgan import layers, losses, optim


def algorithm1(game, real, z, k):
    """One round of Algorithm 1: k D updates on successive real minibatches (fake = G(z)), then one G update."""
    B = real.shape[0] // k
    for i in range(k):
        game.d_step(real[i * B:(i + 1) * B], game.G(z))
    game.g_step(z)


def exploitability(p, q, d):
    """(gain_D, gain_G): how much each player could gain by changing alone, on a finite set of points.

    gain_D = max_D' V(D', G) - V(D, G) = C(G) - V(D, G)       (D's best reply is D*)
    gain_G = V(D, G) - min_q' V(D, q')                         (G's best reply: all mass where d is largest)
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        s = p + q
        c = np.where(p > 0, p * np.log(p / s), 0).sum() + np.where(q > 0, q * np.log(q / s), 0).sum()
        real_part = np.where(p > 0, p * np.log(d), 0).sum()
        v = real_part + np.where(q > 0, q * np.log1p(-d), 0).sum()
    return float(c - v), float(v - (real_part + np.log1p(-d.max())))


def gan_step(G, D, g_opt, d_opt, real, z):
    """One round of the game from the pieces: D up V on (real, G(z)), then G down its loss through the new D."""
    # D's half: G's output is a constant batch, only D's parameters move
    D.zero_grad()
    fake = G(z)
    (l_real, c_real), (l_fake, c_fake) = D.forward(real), D.forward(fake)
    d_loss, d_real, d_fake = losses.discriminator_loss(l_real, l_fake, "non_saturating")
    D.backward(d_real, c_real)
    D.backward(d_fake, c_fake)  # adds to the real batch's gradients
    d_opt.step()
    # G's half: the gradient flows through the updated D, but only G's parameters move
    G.zero_grad()
    fake, g_cache = G.forward(z)
    logits, d_cache = D.forward(fake)
    g_loss, dlogits = losses.generator_loss(logits, "non_saturating")
    G.backward(D.backward(dlogits, d_cache), g_cache)  # D.grads collect junk here; the next D half clears them
    g_opt.step()
    return float(d_loss), float(g_loss)


def _mlp(sizes, act):
    """Dense layers with ``act()`` between them and nothing after the last."""
    net = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        net += [layers.Dense(a, b)] + ([act()] if i < len(sizes) - 2 else [])
    return layers.Sequential(*net)


def train_ring(step, ring, n_steps, rng, batch=64):
    """Build G (2 -> 64 -> 64 -> 2) and D (2 -> 64 -> 64 -> 1) and two Adams; n_steps rounds of ``step``; return G."""
    G = _mlp([2, 64, 64, 2], layers.ReLU)
    D = _mlp([2, 64, 64, 1], layers.LeakyReLU)
    g_opt, d_opt = optim.Adam(G, 3e-3, betas=(0.5, 0.999)), optim.Adam(D, 3e-3, betas=(0.5, 0.999))
    for _ in range(n_steps):
        real = ring.sample(batch, rng)  # fresh real and noise batches every step
        z = rng.standard_normal((batch, 2)).astype("float32")
        step(G, D, g_opt, d_opt, real, z)
    return G


# ---- plausible mistakes: each must FAIL its check (tests/test_exercises.py) ----

def _one_round_of_train_step(game, real, z, k):
    """Ignores k: the game it is handed has d_steps=1."""
    game.train_step(real, z)


def _d_steps_on_the_same_rows(game, real, z, k):
    """Reuses the first real minibatch for all k D steps."""
    B = real.shape[0] // k
    for _ in range(k):
        game.d_step(real[:B], game.G(z))
    game.g_step(z)


def _swapped_gains(p, q, d):
    """D's and G's gains swapped."""
    return tuple(reversed(exploitability(p, q, d)))


def _g_reply_at_smallest_d(p, q, d):
    """G's best reply placed where d is SMALLEST (as if G wanted to be called fake)."""
    gain_d, gain_g = exploitability(p, q, d)
    return gain_d, gain_g + np.log1p(-d.max()) - np.log1p(-d.min())


def _no_d_zero_grad(G, D, g_opt, d_opt, real, z):
    """Never clears D.grads: last step's gradients (and G's half's D.backward) leak into this D update."""
    fake = G(z)
    (l_real, c_real), (l_fake, c_fake) = D.forward(real), D.forward(fake)
    d_loss, d_real, d_fake = losses.discriminator_loss(l_real, l_fake, "non_saturating")
    D.backward(d_real, c_real)
    D.backward(d_fake, c_fake)
    d_opt.step()
    G.zero_grad()
    fake, g_cache = G.forward(z)
    logits, d_cache = D.forward(fake)
    g_loss, dlogits = losses.generator_loss(logits, "non_saturating")
    G.backward(D.backward(dlogits, d_cache), g_cache)
    g_opt.step()
    return float(d_loss), float(g_loss)


def _g_half_steps_d_too(G, D, g_opt, d_opt, real, z):
    """No freeze: G's half also steps d_opt, so D moves along G's loss (which D.backward put in D.grads)."""
    D.zero_grad()
    fake = G(z)
    (l_real, c_real), (l_fake, c_fake) = D.forward(real), D.forward(fake)
    d_loss, d_real, d_fake = losses.discriminator_loss(l_real, l_fake, "non_saturating")
    D.backward(d_real, c_real)
    D.backward(d_fake, c_fake)
    d_opt.step()
    G.zero_grad()
    D.zero_grad()
    fake, g_cache = G.forward(z)
    logits, d_cache = D.forward(fake)
    g_loss, dlogits = losses.generator_loss(logits, "non_saturating")
    G.backward(D.backward(dlogits, d_cache), g_cache)
    g_opt.step()
    d_opt.step()
    return float(d_loss), float(g_loss)


def _g_half_through_the_old_d(G, D, g_opt, d_opt, real, z):
    """Both gradients first, both steps last: G's gradient comes through D as it was BEFORE D's update."""
    D.zero_grad()
    G.zero_grad()
    fake, g_cache = G.forward(z)
    (l_real, c_real), (l_fake, c_fake) = D.forward(real), D.forward(fake)
    d_loss, d_real, d_fake = losses.discriminator_loss(l_real, l_fake, "non_saturating")
    D.backward(d_real, c_real)
    D.backward(d_fake, c_fake)
    g_loss, dlogits = losses.generator_loss(l_fake, "non_saturating")
    G.backward(D.backward(dlogits, c_fake, param_grads=False), g_cache)
    d_opt.step()
    g_opt.step()
    return float(d_loss), float(g_loss)


def _g_ascends_its_loss(G, D, g_opt, d_opt, real, z):
    """Sign error in G's half: backpropagates +dL/dfake's negative, so G climbs its loss."""
    D.zero_grad()
    fake = G(z)
    (l_real, c_real), (l_fake, c_fake) = D.forward(real), D.forward(fake)
    d_loss, d_real, d_fake = losses.discriminator_loss(l_real, l_fake, "non_saturating")
    D.backward(d_real, c_real)
    D.backward(d_fake, c_fake)
    d_opt.step()
    G.zero_grad()
    fake, g_cache = G.forward(z)
    logits, d_cache = D.forward(fake)
    g_loss, dlogits = losses.generator_loss(logits, "non_saturating")
    G.backward(-D.backward(dlogits, d_cache), g_cache)
    g_opt.step()
    return float(d_loss), float(g_loss)


def _no_g_zero_grad(G, D, g_opt, d_opt, real, z):
    """Never clears G.grads: each G update uses the sum of all G gradients so far."""
    D.zero_grad()
    fake = G(z)
    (l_real, c_real), (l_fake, c_fake) = D.forward(real), D.forward(fake)
    d_loss, d_real, d_fake = losses.discriminator_loss(l_real, l_fake, "non_saturating")
    D.backward(d_real, c_real)
    D.backward(d_fake, c_fake)
    d_opt.step()
    fake, g_cache = G.forward(z)
    logits, d_cache = D.forward(fake)
    g_loss, dlogits = losses.generator_loss(logits, "non_saturating")
    G.backward(D.backward(dlogits, d_cache), g_cache)
    g_opt.step()
    return float(d_loss), float(g_loss)


def _linear_generator(step, ring, n_steps, rng):
    """G without activations: Dense after Dense is one affine map, so p_g is a single Gaussian blob."""
    G = layers.Sequential(layers.Dense(2, 64), layers.Dense(64, 64), layers.Dense(64, 2))
    D = _mlp([2, 64, 64, 1], layers.LeakyReLU)
    g_opt, d_opt = optim.Adam(G, 3e-3, betas=(0.5, 0.999)), optim.Adam(D, 3e-3, betas=(0.5, 0.999))
    for _ in range(n_steps):
        step(G, D, g_opt, d_opt, ring.sample(64, rng), rng.standard_normal((64, 2)).astype("float32"))
    return G


def _relu_after_the_last_layer(step, ring, n_steps, rng):
    """A ReLU after G's last Dense: G(z) >= 0 in both coordinates, so the modes with a negative coordinate are out of reach."""
    G = layers.Sequential(*_mlp([2, 64, 64, 2], layers.ReLU).layers, layers.ReLU())
    D = _mlp([2, 64, 64, 1], layers.LeakyReLU)
    g_opt, d_opt = optim.Adam(G, 3e-3, betas=(0.5, 0.999)), optim.Adam(D, 3e-3, betas=(0.5, 0.999))
    for _ in range(n_steps):
        step(G, D, g_opt, d_opt, ring.sample(64, rng), rng.standard_normal((64, 2)).astype("float32"))
    return G


def _d_optimizer_on_g(step, ring, n_steps, rng):
    """Copy-paste slip: d_opt = Adam(G, ...), so D never learns and G is stepped twice."""
    G = _mlp([2, 64, 64, 2], layers.ReLU)
    D = _mlp([2, 64, 64, 1], layers.LeakyReLU)
    g_opt, d_opt = optim.Adam(G, 3e-3, betas=(0.5, 0.999)), optim.Adam(G, 3e-3, betas=(0.5, 0.999))
    for _ in range(n_steps):
        step(G, D, g_opt, d_opt, ring.sample(64, rng), rng.standard_normal((64, 2)).astype("float32"))
    return G


MISTAKES = {"algorithm1": [_one_round_of_train_step, _d_steps_on_the_same_rows],
            "exploitability": [_swapped_gains, _g_reply_at_smallest_d],
            "gan_step": [_no_d_zero_grad, _g_half_steps_d_too, _g_half_through_the_old_d, _g_ascends_its_loss,
                         _no_g_zero_grad],
            "train_ring": [_linear_generator, _relu_after_the_last_layer, _d_optimizer_on_g]}


# ---- the stub's text typed in as code: what its comment or docstring spells out must NOT pass its check ----

def _stub_text_algorithm1(game, real, z, k):
    """The comment typed in: update game.D k times (on the real rows and G(z)), then game.G once."""
    for _ in range(k):
        game.d_step(real, game.G(z))
    game.g_step(z)


STUB_TEXT = {"algorithm1": [_stub_text_algorithm1],
             "exploitability": [],  # shapes only
             "gan_step": [],  # the order of the two updates in words, the step is the exercise
             "train_ring": []}  # the loop in words: the players, their sizes and the optimizers are the exercise
