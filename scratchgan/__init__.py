"""scratchgan: a GAN from scratch, with every gradient written by hand.

Read the modules in this order; each is taught by the lessons named (``lessons/``):

    module                              lessons   what it holds
    (all of it, on one screen)          00        a whole GAN in one cell, before the parts
    -- the textbook (flat) --
    layers.py                           01, 02    Dense, activations with their slopes, Sequential: forward/backward
    gradcheck.py                        03        central differences in float64, rel_error, readable reports
    losses.py                           04        bce_with_logits, the five GAN losses, V(D, G) and D's mean output
    optim.py                            05, 11    SGD with momentum, Adam (update = the four equations)
    gan.py                              06-08     the game: d_step, fake_gradient, g_step, train_step (Algorithm 1)
    dynamics.py                         09        the Dirac-GAN: why training oscillates
    penalty.py                          09, 13    R1 and WGAN-GP, the double backward by hand
    average.py                          09        the averaged generator (EMA of G's parameters, bias-corrected)
    backend.py                          15        one switch between NumPy (CPU) and CuPy (GPU)
    kernels.py                          16        the fast forms, each an override of a textbook method
    conditional.py                      19        p(x | y): one-hot concatenation, Embedding, projection D
    -- around the textbook --
    metrics.py, game1d.py               08, 12    JSD, D*, V(D*, G), modes, precision/recall; the 1-D game
    pitfalls.py                         10-12     vanishing gradients, sweeps, mode-collapse fixes (measured)
    data/                               12, 14    toy 1-D/2-D sets, your own files, MNIST (checksummed), offline digits
    scores.py, parzen.py                14        image scores (classifier, Frechet distance), Parzen windows
    agreement.py                        19        does a conditional G draw the class it is asked for?
    plots/                              08-14     every figure, one module per kind of picture
    presets.py, train.py, recorder.py,  11        presets, the training loop, what it records and how
      evaluation.py, runs.py,                     it is measured, the run folder, curves, Ctrl-C,
      history.py, signals.py,                     checkpoints, the command line
      checkpoint.py, cli.py
    (PyTorch side by side)              17        the same GAN in a framework
    lab/                                18        the classroom lab: one GAN, stepped by hand, live
    exercises/lessonNN.py               each      the checks of lesson NN's exercises
    exercises/language.py, zh/          each      the checks in Chinese, for the lessons in lessons/zh/

    >>> import scratchgan as sg
    >>> sg.backend.get_backend()
    'numpy'
"""
from . import backend, gradcheck, kernels, layers, losses, optim

__version__ = "0.1.0"
__all__ = ["backend", "gradcheck", "kernels", "layers", "losses", "optim"]
