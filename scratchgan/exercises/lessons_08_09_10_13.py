"""Checks for the exercises of lessons 08, 09, 10 and 13: the game, two of its pitfalls, other games.

Each check builds fresh inputs with a fixed seed, runs the student's
function and compares it with a reference: the library where it has the
piece (``metrics``, ``penalty``, ``losses``), else a few lines written here.
It returns ``(worst relative error, detail)`` (see ``exercises``).
"""
import numpy as np

from . import CheckFailed, exercise, rel_error, worst


# ---- lesson 08: the minimax game ----

def _tiny_game(d_steps, seed=3):
    """A seeded 1-D GAN with G: 1 -> 4 -> 1 and D: 1 -> 8 -> 1 (float64, so runs match to round-off)."""
    from .. import backend, gan, layers, optim
    backend.seed(seed)
    G = layers.Sequential(layers.Dense(1, 4), layers.Tanh(), layers.Dense(4, 1)).astype("float64")
    D = layers.Sequential(layers.Dense(1, 8), layers.LeakyReLU(), layers.Dense(8, 1)).astype("float64")
    return gan.GAN(G, D, optim.Adam(G, 1e-2, betas=(0.5, 0.999)), optim.Adam(D, 1e-2, betas=(0.5, 0.999)),
                   noise_dim=1, d_steps=d_steps)


@exercise("08.algorithm1", hints=(
    "call the two halves yourself: k discriminator updates, each on its own slice of the real rows, then one "
    "generator update",
    "D update i sees rows [i*B, (i+1)*B) of real, with B = len(real) // k, and the fakes G(z) of the same z every "
    "time; G's update uses that z too",
    "in D's half the fakes are a constant batch (game.G(z), no cache); train_step would do a single D update here, "
    "because this game was built with d_steps=1",
))
def check_algorithm1(algorithm1):
    from .. import backend
    rng = np.random.default_rng(8)
    named = []
    for k in (1, 3):
        mine, ref = _tiny_game(1), _tiny_game(k)
        for _ in range(3):
            real = backend.asarray(4 + 0.5 * rng.standard_normal((4 * k, 1)))
            z = backend.asarray(rng.standard_normal((4, 1)))
            ref.train_step(real, z)
            algorithm1(mine, real, z, k)
        for name, a, b in (("G", mine.G, ref.G), ("D", mine.D, ref.D)):
            named += [(f"k={k} {name}/{key}", rel_error(a.params[key], b.params[key])) for key in b.params]
    return max(r for _, r in named), f"G and D parameters after 3 rounds, k = 1 and 3 (worst: {max(named, key=lambda t: t[1])[0]})"


def _exploitability(p, q, d):
    """Reference: (C(G) - V(D, G), V(D, G) - min over q' of V(D, q')) on a finite set."""
    with np.errstate(divide="ignore", invalid="ignore"):
        s = p + q
        c = np.where(p > 0, p * np.log(p / s), 0).sum() + np.where(q > 0, q * np.log(q / s), 0).sum()
        real_part = np.where(p > 0, p * np.log(d), 0).sum()
        v = real_part + np.where(q > 0, q * np.log1p(-d), 0).sum()
    return c - v, v - (real_part + np.log1p(-d.max()))


@exercise("08.exploitability", hints=(
    "each gain compares V now with V after that player's best reply to the other player's current move",
    "D's best reply to G is D* (lesson 06), so max over D' of V is C(G); G's best reply to a fixed D moves all "
    "of q to the single point where d is largest",
    "0 log 0 = 0: let points with p = 0 (or q = 0) add nothing, e.g. with np.where; log(1 - d) is np.log1p(-d)",
), tol=1e-10)
def check_exploitability(exploitability):
    rng = np.random.default_rng(9)
    named = []
    p = rng.random(40)
    p[:5] = 0
    p /= p.sum()
    q = rng.random(40) ** 3
    q[-4:] = 0
    q /= q.sum()
    cases = [("random", p, q, rng.uniform(0.05, 0.95, 40)), ("D = D*", p, q, np.where(p + q > 0, p / (p + q + 1e-300), 0.5).clip(1e-9, 1 - 1e-9)),
             ("Nash", p, p.copy(), np.full(40, 0.5))]
    for name, a, b, d in cases:
        out = exploitability(a.copy(), b.copy(), d.copy())
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            raise CheckFailed(f"return two numbers (gain_D, gain_G), got {type(out).__name__}")
        ref = _exploitability(a, b, d)
        got = np.array([float(out[0]), float(out[1])])
        scale = max(1.0, np.abs(ref).max())  # at the Nash point both gains are 0: compare absolutely there
        named.append((name, float(np.abs(got - np.array(ref)).max() / scale)))
    return worst(named)


# ---- lesson 08, the capstone: the student's own training step, then the ring ----

def _capstone_game(seed):
    """A float64 2-D GAN (G: 2 -> 8 -> 8 -> 2, D: 2 -> 8 -> 8 -> 1), Adam for both: the reference of 08.gan_step."""
    from .. import backend, gan, layers, optim
    backend.seed(seed)
    G = layers.Sequential(layers.Dense(2, 8), layers.ReLU(), layers.Dense(8, 8), layers.Tanh(),
                          layers.Dense(8, 2)).astype("float64")
    D = layers.Sequential(layers.Dense(2, 8), layers.LeakyReLU(0.2), layers.Dense(8, 8), layers.LeakyReLU(0.2),
                          layers.Dense(8, 1)).astype("float64")
    return gan.GAN(G, D, optim.Adam(G, 2e-2, betas=(0.5, 0.999)), optim.Adam(D, 3e-2, betas=(0.5, 0.999)),
                   noise_dim=2, loss="non_saturating")


@exercise("08.gan_step", hints=(
    "two halves, each with its own forward pass, loss, backward pass and optimizer step; in the second half D is "
    "the road the gradient travels along, not a player that moves",
    "D's half: start from clean gradients, send the real batch and G(z) through D, let losses.discriminator_loss "
    "give dL/dlogits for both, backpropagate both (they add up), step D's optimizer. G's half: G(z) through the "
    "updated D, losses.generator_loss, D's backward only for the gradient it returns, then G's backward and G's step",
    "backward ADDS into grads, and D's backward in G's half adds too: clear D's and G's gradients at the start of "
    "their halves; never step d_opt in G's half; G's half must run through D after d_opt.step()",
), tol=1e-10)
def check_gan_step(gan_step):
    import copy

    from .. import backend
    named, losses_off = [], 0.0
    for seed in (0, 1):
        ref = _capstone_game(seed)
        mine = copy.deepcopy(ref)  # same weights, optimizers pointing at the copies
        rng = np.random.default_rng(100 + seed)
        for step in range(4):  # several steps: stale gradients and Adam's memory show from the second on
            real = backend.asarray(rng.normal([1.0, -0.5], 0.3, (16, 2)))
            z = backend.asarray(rng.standard_normal((16, 2)))
            want = ref.train_step(real, z)
            out = gan_step(mine.G, mine.D, mine.g_opt, mine.d_opt, real.copy(), z.copy())
            if not isinstance(out, (tuple, list)) or len(out) != 2:
                raise CheckFailed(f"return the two losses (d_loss, g_loss), got {type(out).__name__}")
            off = max(abs(float(out[0]) - want["d_loss"]), abs(float(out[1]) - want["g_loss"]))
            losses_off = max(losses_off, off / max(1.0, abs(want["d_loss"]), abs(want["g_loss"])))
        for name, a, b in (("G", mine.G, ref.G), ("D", mine.D, ref.D)):
            named += [(f"seed {seed} {name}/{key}", rel_error(a.params[key], b.params[key])) for key in b.params]
    worst_name, worst_rel = max(named, key=lambda t: t[1])
    if worst_rel <= 1e-10 and losses_off > 1e-6:  # train_step reports float32 copies: compare to float32 precision
        raise CheckFailed(f"the parameters agree but the returned losses differ from train_step's by {losses_off:.1e} "
                          "(relative): return (d_loss, g_loss), each the loss of the batch before its own update")
    return worst_rel, f"every parameter of G and D after 4 steps from 2 starts, float64 (worst: {worst_name})"


RING_STD = 0.05  # data.ring with blobs 5x wider than the PacGAN ring (std 0.01): trainable in seconds


def _library_step(G, D, g_opt, d_opt, real, z):
    """The library's answer to 08.gan_step: GAN.train_step around the same networks and optimizers."""
    from .. import gan
    out = gan.GAN(G, D, g_opt, d_opt, noise_dim=z.shape[1], loss="non_saturating").train_step(real, z)
    return out["d_loss"], out["g_loss"]


def ring_steps():
    """How many steps 08.train_ring gets: fewer under SCRATCHGAN_FAST."""
    from . import pick
    return pick(3000, 1500)


def ring_report(G, seed=0):
    """Mode coverage (metrics.mode_coverage) of 2,500 samples G(z), z ~ N(0, I) from a seeded host rng."""
    from .. import backend, data, metrics
    ring = data.ring(std=RING_STD)
    n_in = next(iter(G.params.values())).shape[0] if G.params else 2
    z = np.random.default_rng(seed).standard_normal((2500, n_in)).astype("float32")
    x = backend.to_numpy(G(backend.asarray(z)))
    if x.shape != (2500, 2):
        raise CheckFailed(f"G(z) for z of shape {z.shape} gave shape {x.shape}; the ring is 2-D: G must output (B, 2)")
    return metrics.mode_coverage(x, ring.modes, ring.mode_std), x


@exercise("08.train_ring", hints=(
    "a GAN needs players that can bend space and a loop that shows them new data: a nonlinearity between Dense "
    "layers, fresh real and noise batches every step, and an optimizer for each player",
    "an MLP with two hidden layers of 64 for each player is plenty (ReLU for G, LeakyReLU for D); Adam with "
    "betas=(0.5, 0.999) and lr of a few 1e-3; batches of 64 from ring.sample(B, rng), z of matching size from rng",
    "G's last layer is a bare Dense: the ring has negative coordinates; each Adam gets its own network; the check "
    "samples G with 2-D noise, so draw z of shape (B, 2)",
))
def check_train_ring(train_ring):
    from .. import backend, data
    backend.seed(0)
    ring = data.ring(std=RING_STD)
    G = train_ring(_library_step, ring, ring_steps(), np.random.default_rng(0))
    if G is None or not hasattr(G, "params"):
        raise CheckFailed("return the trained generator G (a layer, e.g. layers.Sequential)")
    cov, _ = ring_report(G)
    missed = cov["n_modes"] - cov["modes"]
    short = max(0.0, 0.5 - cov["high_quality"])
    detail = f"{cov['modes']}/{cov['n_modes']} modes captured, {cov['high_quality']:.0%} of samples high quality (need all 8 and 50%)"
    return missed + short, detail


# ---- lesson 09: oscillation (the Dirac-GAN) ----

_CASES_09 = [(0.2, "minimax", 0.0), (0.2, "minimax", 0.3), (0.05, "non_saturating", 0.01), (0.5, "minimax", 1.7),
             (0.1, "wasserstein", 0.2)]


def _matrix_check(answer, schedule):
    from .. import dynamics
    named = []
    for h, loss, gamma in _CASES_09:
        a = float(dynamics.f_prime(0.0, loss))
        got = np.asarray(answer(h, a, gamma), dtype=np.float64)
        ref = dynamics.update_jacobian(loss=loss, schedule=schedule, penalty="r1", gamma=gamma, h=h)
        named.append((f"h={h} a={a:g} gamma={gamma}", rel_error(got, ref)))
    return max(r for _, r in named), ", ".join(f"{k}: {r:.1e}" for k, r in named[:3]) + ", ..."


@exercise("09.simultaneous_matrix", hints=(
    "near the equilibrium one simultaneous step is the identity plus h times the linearised field: "
    "which Jacobian describes the field once R1 is on?",
    "both players read the OLD (theta, psi); R1 only changes D's own row, and only in the psi column "
    "(it pulls psi back towards 0)",
    "section 3 wrote the penalised Jacobian J_gamma; rows and columns are in the order (theta, psi)",
), tol=1e-7)
def check_simultaneous_matrix(simultaneous_matrix):
    return _matrix_check(simultaneous_matrix, "simultaneous")


def _dirac_field(theta, psi, kind):
    """The Dirac-GAN field (-dL_G/dtheta, -dL_D/dpsi) built from the library's losses.

    Real x = 0, fake x = theta; D's logit scores "real": l = -psi x, so l_real = 0 and l_fake = -psi theta.
    """
    from .. import losses
    l_real, l_fake = np.zeros((1, 1)), np.full((1, 1), -psi * theta)
    _, _, d_fake = losses.discriminator_loss(l_real, l_fake, kind)  # l_real does not depend on psi (x_real = 0)
    _, g_fake = losses.generator_loss(l_fake, kind)
    return np.array([float(g_fake[0, 0]) * psi, float(d_fake[0, 0]) * theta])  # dl_fake/dtheta = -psi, /dpsi = -theta


@exercise("09.dirac_jacobian", hints=(
    "write each player's loss as a function of the one product psi * theta near the origin, differentiate, "
    "then keep only what survives at (0, 0)",
    "D's logit on the fake is l = -psi theta and on the real sample it is 0 whatever psi is; G descends its loss "
    "in theta, D descends its loss in psi, so v = (-dL_G/dtheta, -dL_D/dpsi)",
    "hinge: near the origin both hinge terms sit on their straight parts (the kinks are at l = +-1), so the "
    "losses are linear in l (compare Wasserstein). "
    "Least squares: D's loss depends on psi only through l^2, so its psi-derivative carries a factor theta^2",
), tol=1e-6)
def check_dirac_jacobian(dirac_jacobian):
    named, delta = [], 1e-6
    for kind in ("hinge", "least_squares"):
        ref = np.empty((2, 2))
        for j in range(2):
            e = np.zeros(2)
            e[j] = delta
            ref[:, j] = (_dirac_field(*e, kind) - _dirac_field(*-e, kind)) / (2 * delta)
        got = np.asarray(dirac_jacobian(kind), dtype=np.float64)
        if got.shape != (2, 2):
            raise CheckFailed(f"{kind}: return a (2, 2) array (rows and columns in the order theta, psi), got shape {got.shape}")
        named.append((kind, float(np.abs(got - ref).max())))  # entries are 0 or order 1: compare absolutely
    return worst(named)


@exercise("09.xy_by_hand", hints=(
    "one player at a time: the second player reads the first player's NEW value, not the old one",
    "y climbs f along df/dy = x, x descends f along df/dx = y, each with step 1: every update adds or subtracts "
    "the other coordinate",
    "y first: from (1, 1) the first point is (-1, 2); after six steps you are back where you started",
), tol=0.0)
def check_xy_by_hand(xy_by_hand):
    x, y, ref = 1.0, 1.0, []
    for _ in range(6):
        y = y + x  # the maximiser (D) first,
        x = x - y  # then the minimiser (G) through the new y
        ref.append((x, y))
    got = np.asarray(xy_by_hand(), dtype=np.float64)
    if got.shape != (6, 2):
        raise CheckFailed(f"return the six points (x, y) after steps 1 to 6 as a (6, 2) array, got shape {got.shape}")
    wrong = [i + 1 for i in range(6) if not np.array_equal(got[i], ref[i])]
    if wrong:
        return float(np.abs(got - np.array(ref)).max()), f"step(s) {', '.join(map(str, wrong))} differ"
    return 0.0, "all six points"


@exercise("09.steps_to_double", hints=(
    "after n steps the distance has been multiplied by |mu| n times: solve for n with a logarithm",
    "take logs of |mu|^n = 2 and remember |mu| is a square root; for small h the number under the root is 1 + (tiny)",
    "log(1 + t) for t ~ 1e-9 loses digits in float64: np.log1p(t) keeps them",
), tol=1e-10)
def check_steps_to_double(steps_to_double):
    pairs = [(0.2, 0.5), (0.01, 0.5), (1.0, 1.0), (1e-4, 0.5)]
    got = np.array([float(steps_to_double(h, a)) for h, a in pairs])
    ref = np.array([np.log(2) / (0.5 * np.log1p(h * h * a * a)) for h, a in pairs])
    return float(np.abs(got / ref - 1).max()), "relative error per pair, h from 1e-4 to 1"


# ---- lesson 10: vanishing gradients ----

@exercise("10.saturation_logit", hints=(
    "invert the sigmoid: solve sigma(l) = eps for l by hand, then think about which logarithm keeps tiny eps exact",
    "sigma(l) = eps  <=>  e^(-l) = 1/eps - 1; the answer is negative for eps < 1/2",
    "log(1 - eps) for eps ~ 1e-12 rounds: write it with np.log1p; sigma(l) ~ e^l (so l ~ log eps) is only "
    "the tail approximation",
), tol=1e-12)
def check_saturation_logit(saturation_logit):
    from ..layers import sigmoid
    eps = np.array([0.3, 1e-2, 1e-6, 1e-12, 1e-30])
    got = np.array([float(saturation_logit(e)) for e in eps])
    back = sigmoid(got)  # the answer must give sigma(l*) = eps, relative to eps
    return float(np.abs(back / eps - 1).max()), f"sigma(your l*) / eps - 1 for eps = {', '.join(f'{e:g}' for e in eps)}"


@exercise("10.max_likelihood_dlogits", hints=(
    "hold D* fixed, write the gradient of KL(p_data || p_g) as an expectation over p_g, and ask which function of "
    "the logit l* = log(p_data / p_g) appears inside it",
    "grad KL(p_data || p_g) = -sum_x p_data grad p_g / p_g = -sum_x grad p_g * (p_data / p_g); and "
    "grad E_{p_g}[f(l*)] = sum_x grad p_g * f(l*). Match the two",
    "f(l) must equal -(p_data / p_g) written in l*, up to a constant; the loss is a MEAN over the batch, "
    "so each logit's gradient carries 1/B",
), tol=1e-9)
def check_max_likelihood_dlogits(max_likelihood_dlogits):
    rng = np.random.default_rng(10)
    named = []
    for B in (1, 7, 64):
        logits = rng.uniform(-30, 3, (B, 1))
        got = max_likelihood_dlogits(logits.copy())
        ref = -np.exp(logits) / B
        if np.shape(got) != logits.shape:
            raise CheckFailed(f"return dL/dlogits shaped like the logits {logits.shape}, got {np.shape(got)}")
        rel = np.abs(np.asarray(got, dtype=np.float64) / ref - 1).max()  # per element: the tiny slopes are the point
        named.append((f"B={B}", float(rel)))
    # the claim itself, on a grid: with D* frozen, E_{p_g}[f'(l*) dl*/dx] = d/dtheta KL(p_data || N(theta, s^2))
    x = np.linspace(-12, 12, 48001)
    dx = x[1] - x[0]
    mu, sd, theta, s = 0.7, 1.0, -0.4, 1.3
    log_p = -0.5 * ((x - mu) / sd) ** 2 - np.log(sd * np.sqrt(2 * np.pi))
    log_q = -0.5 * ((x - theta) / s) ** 2 - np.log(s * np.sqrt(2 * np.pi))
    l_star = (log_p - log_q)[:, None]
    f_prime = np.asarray(max_likelihood_dlogits(l_star.copy()), dtype=np.float64).ravel() * x.size
    dl_dx = -(x - mu) / sd ** 2 + (x - theta) / s ** 2
    lhs = float((np.exp(log_q) * f_prime * dl_dx).sum() * dx)  # G(z) = theta + s z, so dx/dtheta = 1
    rhs = (theta - mu) / s ** 2                                 # d/dtheta of -E_p log N(x; theta, s^2)
    named.append(("grid: grad matches grad KL(p_data||p_g)", abs(lhs - rhs) / abs(rhs)))
    return worst(named)


# ---- lesson 13: other games ----

@exercise("13.optimal_logit", hints=(
    "D chooses its output separately at each x: minimise p * (loss on a real logit) + q * (loss on a fake logit) "
    "over the single number l",
    "for the smooth losses set the derivative in l to zero; the hinge loss is piecewise linear, so compare the "
    "slope on [-1, 1] (where both terms are active) with what happens outside",
    "BCE asks for a logit, not a probability: your l* goes through a sigmoid before it is D*; least squares needs "
    "no sigmoid; the hinge answer lands on one of the two margins",
))
def check_optimal_logit(optimal_logit):
    rng = np.random.default_rng(13)
    p, q = rng.uniform(0.01, 2.0, 50), rng.uniform(0.01, 2.0, 50)
    refs = {"non_saturating": np.log(p / q), "least_squares": p / (p + q), "hinge": np.sign(p - q)}
    named = [(k, rel_error(np.asarray(optimal_logit(p.copy(), q.copy(), k), dtype=np.float64), ref)) for k, ref in refs.items()]
    return worst(named)


@exercise("13.wgan_gp_linear", hints=(
    "P depends on w only through its length ||w||: use the chain rule through the norm",
    "d||w||/dw is the unit vector w / ||w||; the outer function is lam (n - 1)^2",
    "check your answer at ||w|| = 1 (the gradient must vanish there) and for ||w|| > 1 (it must point along w)",
))
def check_wgan_gp_linear(wgan_gp_linear):
    from .. import layers, penalty
    rng = np.random.default_rng(14)
    named = []
    for d, scale, lam in ((1, 0.3, 10.0), (3, 1.0, 1.0), (5, 2.0, 10.0)):
        critic = layers.Dense(d, 1).astype("float64")
        critic.params["W"][...] = scale * rng.standard_normal((d, 1))
        w = critic.params["W"].copy()
        real, fake = rng.standard_normal((4, d)), rng.standard_normal((4, d))
        critic.zero_grad()
        P_ref = penalty.gradient_penalty(critic, real, fake, "wgan-gp", lam)
        out = wgan_gp_linear(w, lam)
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            raise CheckFailed(f"return two things (P, dP_dw), got {type(out).__name__}")
        named += [(f"P d={d}", rel_error(np.float64(out[0]), np.float64(P_ref))),
                  (f"dP/dw d={d}", rel_error(np.asarray(out[1], dtype=np.float64), critic.grads["W"]))]
    return worst(named)


@exercise("13.hinge_d_loss", hints=(
    "each hinge term is either flat or a straight line: its gradient is 0 or a constant, depending on which side "
    "of its margin the logit sits",
    "the loss is a MEAN over each batch, so every logit's gradient carries 1 / (that batch's size); real logits are "
    "pushed up (negative gradient) while below 1, fake logits pushed down while above -1",
    "build boolean masks for the active terms and turn them into floats shaped like the logits",
), tol=1e-12)
def check_hinge_d_loss(hinge_d_loss):
    from .. import losses
    rng = np.random.default_rng(15)
    l_real, l_fake = 2 * rng.standard_normal((12, 1)), 2 * rng.standard_normal((9, 1))
    for a in (l_real, l_fake):
        a[np.abs(np.abs(a) - 1) < 1e-3] += 0.01  # keep off the kinks at +-1
    out = hinge_d_loss(l_real.copy(), l_fake.copy())
    if not isinstance(out, (tuple, list)) or len(out) != 3:
        raise CheckFailed(f"return three things (loss, d_real, d_fake), got {type(out).__name__}")
    ref = losses.discriminator_loss(l_real, l_fake, "hinge")
    named = [(name, rel_error(np.asarray(got, dtype=np.float64), r)) for name, got, r in zip(("loss", "d_real", "d_fake"), out, ref)]
    return worst(named)
