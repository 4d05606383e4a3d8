"""Solutions to lesson 08 (the minimax game), for teachers."""
import numpy as np


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


MISTAKES = {"algorithm1": [_one_round_of_train_step, _d_steps_on_the_same_rows],
            "exploitability": [_swapped_gains]}
