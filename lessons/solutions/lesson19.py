"""Solutions to lesson 19 (conditional GANs: "draw a 7"), for teachers."""
import numpy as np


def concat_first_layer(x, labels, W, b):
    """[x, onehot(y)] @ W + b without the one-hot: x @ W[:F] + W[F + y] + b (the label is a per-class bias)."""
    F = x.shape[1]
    return x @ W[:F] + W[F + labels] + b


def projection_backward(dl, h, E, labels, w):
    """logit = h @ w + b + sum_f E[y, f] h_f:  dh = dl w.T + dl E[y];  dE[c] = sum over rows with y_b = c of dl h."""
    dh = dl @ w.T + dl * E[labels]
    dE = np.zeros_like(E)
    np.add.at(dE, labels, dl * h)
    return dh, dE


# ---- plausible mistakes: each must FAIL its check (tests/test_exercises.py) ----

def _row_without_offset(x, labels, W, b):
    """W[y]: counts the label's row from the top of W, inside the x block."""
    return x @ W[:x.shape[1]] + W[labels] + b


def _label_block_dropped(x, labels, W, b):
    """Only the x block: a generator that cannot hear its label."""
    return x @ W[:x.shape[1]] + b


def _buffered_scatter(dl, h, E, labels, w):
    """dE[labels] += dl * h: a class drawn twice keeps only one row's gradient."""
    dh = dl @ w.T + dl * E[labels]
    dE = np.zeros_like(E)
    dE[labels] += dl * h
    return dh, dE


def _label_path_into_h_forgotten(dl, h, E, labels, w):
    """dh from psi alone: the inner product's e_y path into h is missing."""
    dE = np.zeros_like(E)
    np.add.at(dE, labels, dl * h)
    return dl @ w.T, dE


def _dE_from_e(dl, h, E, labels, w):
    """d(e . h)/de taken as e instead of h."""
    dh = dl @ w.T + dl * E[labels]
    dE = np.zeros_like(E)
    np.add.at(dE, labels, dl * E[labels])
    return dh, dE


MISTAKES = {"concat_first_layer": [_row_without_offset, _label_block_dropped],
            "projection_backward": [_buffered_scatter, _label_path_into_h_forgotten, _dE_from_e]}


# ---- the stub's text typed in as code: what its comment or docstring spells out must NOT pass its check ----

STUB_TEXT = {"concat_first_layer": [],  # shapes and "without building the one-hot" only
             "projection_backward": [_label_path_into_h_forgotten]}  # the stub recalls psi's path, dh = dl @ w.T
