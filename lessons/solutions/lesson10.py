"""Solutions to lesson 10 (vanishing gradients), for teachers."""
import numpy as np

from scratchgan import losses


def saturation_logit(eps):
    """The logit l* with sigma(l*) = eps: l* = log(eps / (1 - eps)), written to keep tiny eps exact."""
    return np.log(eps) - np.log1p(-eps)


def max_likelihood_dlogits(fake_logits):
    """dL/dl for L = mean_b f(l_b) with f(l) = -e^l (Goodfellow 2016 writes it with a factor 1/2).

    With D* frozen, l* = log(p_data / p_g), so e^(l*) = p_data / p_g and
    grad_theta E_{p_g}[f(l*)] = -sum_x grad p_g * p_data / p_g = -E_{p_data}[grad log p_g] = grad KL(p_data || p_g):
    the maximum-likelihood direction. Its slope -e^l vanishes like the minimax one when D rejects fakes.
    """
    return -np.exp(fake_logits) / fake_logits.size


# ---- plausible mistakes: each must FAIL its check (tests/test_exercises.py) ----

def _ns_dlogits(fake_logits):
    """Answers with the non-saturating slope -sigma(-l) / B (the lesson's default, not the likelihood loss)."""
    return losses.generator_loss(fake_logits, "non_saturating")[1]


MISTAKES = {
    "saturation_logit": [np.log,                                    # sigma(l) ~ e^l holds only for very negative l
                         lambda eps: np.log(1 / eps - 1)],          # sign error: sigma(l) = 1 - eps instead
    "max_likelihood_dlogits": [
        lambda l: -np.exp(l),                                       # forgets the 1/B of the batch mean
        lambda l: -0.5 * np.exp(l) / l.size,                        # Goodfellow's 1/2: the gradient of KL / 2
        _ns_dlogits,
        lambda l: losses.generator_loss(l, "minimax")[1],           # -sigma(l) / B: right only where l << 0
    ],
}


# ---- the stub's text typed in as code: what its comment or docstring spells out must NOT pass its check ----

STUB_TEXT = {"saturation_logit": [],  # the question sigma(l) = eps, not its answer
             "max_likelihood_dlogits": []}  # the shapes, f is the text's to derive
