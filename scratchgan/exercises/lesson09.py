"""Checks for the exercises of lesson 09 (oscillation: the Dirac-GAN).

The references are ``dynamics.update_jacobian``, central differences of the field built
from the library's losses, and the steps written out here. Each check returns
``(worst relative error, detail)``.
"""
import numpy as np

from . import exercise
from .language import say
from .validate import CheckFailed, rel_error, worst


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
            raise CheckFailed("{kind}: return a (2, 2) array (rows and columns in the order theta, psi), got shape {shape}",
                              kind=kind, shape=got.shape)
        named.append((kind, float(np.abs(got - ref).max())))  # entries are 0 or order 1: compare absolutely
    return worst(named)


@exercise("09.xy_by_hand", hints=(
    "one player at a time: the second player reads the first player's NEW value, not the old one",
    "y climbs f along df/dy = x, x descends f along df/dx = y, each with step 1: every update adds or subtracts "
    "the other coordinate",
    "y first: from (1, 1) the first point is (-1, 2); after six steps you are back where you started",
), tol=0.0, measure="largest difference")
def check_xy_by_hand(xy_by_hand):
    x, y, ref = 1.0, 1.0, []
    for _ in range(6):
        y = y + x  # the maximiser (D) first,
        x = x - y  # then the minimiser (G) through the new y
        ref.append((x, y))
    got = np.asarray(xy_by_hand(), dtype=np.float64)
    if got.shape != (6, 2):
        raise CheckFailed("return the six points (x, y) after steps 1 to 6 as a (6, 2) array, got shape {shape}",
                          shape=got.shape)
    wrong = [i + 1 for i in range(6) if not np.array_equal(got[i], ref[i])]
    if wrong:
        return float(np.abs(got - np.array(ref)).max()), say("step(s) {steps} differ", steps=", ".join(map(str, wrong)))
    return 0.0, say("all six points")


@exercise("09.steps_to_double", hints=(
    "after n steps the distance has been multiplied by |mu| n times: solve for n with a logarithm",
    "take logs of |mu|^n = 2 and remember |mu| is a square root; for small h the number under the root is 1 + (tiny)",
    "log(1 + t) for t ~ 1e-9 loses digits in float64: np.log1p(t) keeps them",
), tol=1e-10)
def check_steps_to_double(steps_to_double):
    pairs = [(0.2, 0.5), (0.01, 0.5), (1.0, 1.0), (1e-4, 0.5)]
    got = np.array([float(steps_to_double(h, a)) for h, a in pairs])
    ref = np.array([np.log(2) / (0.5 * np.log1p(h * h * a * a)) for h, a in pairs])
    return float(np.abs(got / ref - 1).max()), say("relative error per pair, h from 1e-4 to 1")


def _orbit_with_noise(steps, seed=9):
    """theta_1..theta_steps (steps, 2, 3) float64: a slow rotation of a random (2, 3) block plus noise, an orbit to average."""
    rng = np.random.default_rng(seed)
    block, angle = rng.standard_normal((2, 3)), 0.15 * np.arange(1, steps + 1)
    turning = np.cos(angle)[:, None, None] * block + np.sin(angle)[:, None, None] * block[::-1]
    return 0.5 + turning + 0.1 * rng.standard_normal((steps, 2, 3))


@exercise("09.averaged_step", hints=(
    "write the running sum through the read-outs, a_t = (1 - beta^t) theta_bar_t and the same at t - 1, "
    "put both into a_t = beta a_(t-1) + (1 - beta) theta_t and solve for theta_bar_t",
    "the identity beta (1 - beta^(t-1)) = (1 - beta^t) - (1 - beta) turns it into theta_bar_(t-1) + w_t (theta_t - "
    "theta_bar_(t-1)); the zero start shows as w_1 = 1",
    "test your w_t by hand at beta = 0.5: theta_bar_2 must weigh theta_1 and theta_2 by 1/3 and 2/3",
), tol=1e-9)
def check_averaged_step(averaged_step):
    """Beside ``average.Average`` (float64) for 200 steps at four decays: theta_bar_t after every step."""
    from ..average import Average
    thetas, named = _orbit_with_noise(200), []
    for beta in (0.5, 0.9, 0.99, 0.999):
        reference = Average({"theta": np.zeros((2, 3))}, decay=beta)
        avg, errors = np.zeros((2, 3)), []
        for t, theta in enumerate(thetas, start=1):
            reference.update({"theta": theta})
            avg = np.asarray(averaged_step(avg.copy(), theta.copy(), t, beta), dtype=np.float64)
            errors.append(rel_error(avg, reference.weights()["theta"]))
        named.append(((beta, int(np.argmax(errors)) + 1), max(errors)))
    rel, _ = worst(named)
    a, b, c, d = (say("beta {beta} (worst at t = {t}) {rel:.1e}", beta=beta, t=t, rel=r) for (beta, t), r in named)
    return rel, say("{b05}, {b09}, {b099}, {b0999}", b05=a, b09=b, b099=c, b0999=d)
