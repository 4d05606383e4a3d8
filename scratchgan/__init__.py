"""scratchgan: a GAN from scratch, with every gradient written by hand.

Read the modules in this order; each is taught by the lessons named (``lessons/``):

    module                              lessons   what it holds
    (all of it, on one screen)          00        a whole GAN in one cell, before the parts
    layers.py                           01, 02    Dense, activations with their slopes, Sequential: forward/backward
    gradcheck.py                        03        central differences in float64, rel_error, readable reports
    losses.py                           04        bce_with_logits and the five GAN losses, in logits
    optim.py                            05, 11    SGD with momentum, Adam
    gan.py                              06-08     the game: d_step, fake_gradient, g_step, train_step (Algorithm 1)
    metrics.py                          08, 12    JSD, D*, V(D*, G), mode coverage, precision/recall, energy distance
    dynamics.py                         09        the Dirac-GAN: why training oscillates
    penalty.py                          09, 13    R1 and WGAN-GP, the double backward by hand
    pitfalls.py                         10-12     vanishing gradients, sweeps, mode-collapse fixes
    data.py                             12        toy 1-D/2-D sets, your own .npy/.csv files
    images.py, scores.py                14        MNIST (checksummed), offline digits, image scores
    plots.py (plots_1d, _2d, _images)   08-14     every figure
    train.py, runs.py, cli.py           11        presets, the training loop, run folders, the command line
    backend.py                          15        one switch between NumPy (CPU) and CuPy (GPU)
    kernels.py                          16        the fast forms, each beside the textbook line it replaces
    (PyTorch side by side)              17        the same GAN in a framework
    lab.py (+ lab_*.py)                 18        the classroom lab: one GAN, stepped by hand, live

    >>> import scratchgan as sg
    >>> sg.backend.get_backend()
    'numpy'
"""
from . import backend, gradcheck, kernels, layers, losses, optim

__version__ = "0.1.0"
__all__ = ["backend", "gradcheck", "kernels", "layers", "losses", "optim"]
