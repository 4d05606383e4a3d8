"""plots.base: D over a grid and G in data units, computed by hand from the players' forward passes."""
import numpy as np
import pytest
from figure_checks import no_open_figures, tiny_gan  # noqa: F401 (an autouse fixture)

from scratchgan import backend, plots


@pytest.mark.parametrize("loss, pack", [("non_saturating", 1), ("minimax", 2), ("wasserstein", 1), ("hinge", 2)])
def test_d_output_is_sigma_of_the_logit_or_the_critic_score(loss, pack):
    gan = tiny_gan(loss=loss, pack=pack)
    x = np.random.default_rng(0).standard_normal((30, 2)) * 3 + 1
    shift, scale = np.array([1.0, -2.0]), 2.5
    seen = np.tile((x - shift) / scale, (1, pack)).astype(np.float32)  # D reads standardised packs of copies of x
    logits = backend.to_numpy(gan.D(backend.asarray(seen))).astype(np.float64).ravel()
    want = 1 / (1 + np.exp(-logits)) if loss in ("non_saturating", "minimax") else logits
    got = plots.d_output(gan, x, shift, scale)
    assert got.shape == (30,)
    np.testing.assert_allclose(got, want, rtol=1e-6)
    assert plots.d_label(gan).startswith("D(x) = P" if loss in ("non_saturating", "minimax") else "critic")


def test_g_output_is_g_in_data_units():
    gan = tiny_gan()
    z = np.random.default_rng(1).standard_normal((10, 2))
    raw = backend.to_numpy(gan.G(backend.asarray(z.astype(np.float32)))).astype(np.float64)
    np.testing.assert_allclose(plots.g_output(gan, z, np.array([5.0, -1.0]), 3.0), raw * 3 + [5.0, -1.0], rtol=1e-12)
