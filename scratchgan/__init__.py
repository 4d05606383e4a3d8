"""scratchgan: a GAN from scratch, with every gradient written by hand.

    >>> import scratchgan as sg
    >>> sg.backend.get_backend()
    'numpy'
"""
from . import backend, gradcheck, layers, losses, optim

__version__ = "0.1.0"
__all__ = ["backend", "gradcheck", "layers", "losses", "optim"]
