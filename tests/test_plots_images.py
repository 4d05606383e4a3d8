"""plots.images: grids of samples, fixed-z snapshots, the training GIF."""
import numpy as np
import pytest
from figure_checks import no_open_figures, projectable  # noqa: F401 (an autouse fixture)
from PIL import Image

from scratchgan import plots
from scratchgan.plots.images import evenly_spaced


def test_image_grid_takes_any_n_and_square_side():
    x = np.linspace(-1, 1, 7 * 25).reshape(7, 25)  # 7 images of 5x5
    fig = plots.image_grid(x)
    ax = fig.axes[0]
    (img,) = ax.get_images()
    assert img.get_array().shape == (3 * 7 - 2, 3 * 7 - 2)  # 3x3 cells of 5 px, 2 px gaps
    np.testing.assert_array_equal(img.get_array()[:5, :5], x[0].reshape(5, 5))
    assert "7 samples" in ax.get_xlabel()
    projectable(fig)
    with pytest.raises(ValueError, match="square images"):
        plots.image_grid(np.zeros((4, 10)))


def test_snapshot_grid_labels_rows_by_step():
    snaps = [(s, np.full((12, 16), s / 100 - 1)) for s in (0, 50, 100, 150)]
    fig = plots.snapshot_grid(snaps, per_row=6)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["step 0", "step 50", "step 100", "step 150"]
    projectable(fig)
    thinned = plots.snapshot_grid([x for _, x in snaps] * 3, steps=range(0, 1200, 100), per_row=6, max_rows=3)
    assert [t.get_text() for t in thinned.axes[0].get_yticklabels()] == ["step 0", "step 600", "step 1100"]


def test_evenly_spaced_keeps_first_and_last():
    assert evenly_spaced(5, 8) == [0, 1, 2, 3, 4]
    assert evenly_spaced(11, 3) == [0, 5, 10]
    assert evenly_spaced(100, 4) == [0, 33, 66, 99]
    assert evenly_spaced(7, 1) == [6]  # one frame: the last
    with pytest.raises(ValueError, match="at least one"):
        evenly_spaced(7, 0)


@pytest.mark.parametrize("dim, frames", [(1, 3), (2, 10), (16, 3)])
def test_training_gif_has_one_frame_per_snapshot(tmp_path, dim, frames):
    rng = np.random.default_rng(0)
    snaps = [np.tanh(rng.standard_normal((40, dim)) + i / 4) for i in range(frames)]
    path = tmp_path / "t.gif"
    real = rng.standard_normal((80, dim)) if dim < 3 else None
    n = plots.training_gif(path, snaps, steps=range(0, 10 * frames, 10), real=real)
    with Image.open(path) as gif:
        assert n == gif.n_frames == frames
        assert gif.size[0] >= 1000
    assert path.stat().st_size < 5e6
    if dim == 1:  # long runs are thinned to max_frames, first and last kept
        assert plots.training_gif(tmp_path / "u.gif", snaps * 3, steps=range(9), max_frames=4) == 4
