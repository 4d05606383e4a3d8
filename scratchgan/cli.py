"""Command line: ``python -m scratchgan [train] [--flags]``.

    python -m scratchgan                      # the ring preset, ~1 minute on 2 CPU cores
    python -m scratchgan train --data grid --steps 3000 --out runs/grid
    python -m scratchgan train --resume runs/grid/checkpoint.npz --steps 1000
    python -m scratchgan lab                  # the classroom lab in the browser (lab_server.py)

Every flag left out comes from the dataset's preset (``train.PRESETS``).
Every mistake ends with one line on stderr and exit status 2; no traceback.
"""
import argparse
import os
import sys
import time

from . import backend, checkpoint, data, losses, train

ARCH_FLAGS = ("data", "loss", "batch_size", "lr", "beta1", "d_steps", "pack", "hidden", "layers",
              "noise_dim", "seed", "data_dir")


class UsageError(Exception):
    """A bad argument: printed as one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse prints the whole usage; one line is enough
        raise UsageError(f"{message} (see python -m scratchgan train --help)")


def positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive whole number, got {value}")
    return value


def positive_float(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be > 0, got {value}")
    return value


def build_parser():
    p = Parser(prog="python -m scratchgan", description="Train a GAN written from scratch.")
    sub = p.add_subparsers(dest="command", parser_class=Parser)
    t = sub.add_parser("train", help="train on a dataset and write a run folder")
    t.add_argument("--data", help=f"{', '.join(data.TOY + data.IMAGES)}, or a .npy/.csv file (N x d); default ring")
    t.add_argument("--loss", choices=losses.KINDS, help="the GAN loss (default non_saturating)")
    t.add_argument("--steps", type=positive_int, help="training steps (G updates); with --resume: steps to add")
    t.add_argument("--batch-size", type=positive_int, help="real samples per D step")
    t.add_argument("--lr", type=positive_float, help="Adam learning rate of G and D")
    t.add_argument("--beta1", type=float, help="Adam beta1 (0.5 is usual for GANs)")
    t.add_argument("--d-steps", type=positive_int, help="D updates per G update (k of Algorithm 1)")
    t.add_argument("--pack", type=positive_int, help="PacGAN: samples D judges together")
    t.add_argument("--hidden", type=positive_int, help="width of G's hidden layers")
    t.add_argument("--layers", type=positive_int, help="number of G's hidden layers")
    t.add_argument("--noise-dim", type=positive_int, help="size of z")
    t.add_argument("--backend", choices=backend.CHOICES, help="numpy (CPU) or cupy (GPU)")
    t.add_argument("--seed", type=int, help="random seed (weights, noise, data)")
    t.add_argument("--out", help="run folder (default runs/<data>-<time>)")
    t.add_argument("--resume", metavar="CKPT", help="continue a run from its checkpoint.npz")
    t.add_argument("--data-dir", help="folder of the MNIST files (for --data mnist)")
    t.add_argument("--quiet", action="store_true", help="no progress bar")
    return p


def limit_blas_threads(n=1):
    """Ask NumPy's OpenBLAS for n threads unless the user chose (OMP/OPENBLAS_NUM_THREADS).

    Small matrices gain nothing from threads, and on a busy machine extra
    threads make each product ~10x slower. Silently does nothing elsewhere.
    """
    if "OPENBLAS_NUM_THREADS" in os.environ or "OMP_NUM_THREADS" in os.environ:
        return
    import ctypes
    import glob
    import numpy
    for lib in glob.glob(os.path.join(os.path.dirname(numpy.__file__), os.pardir, "numpy.libs", "*openblas*")):
        try:
            blas = ctypes.CDLL(lib)
            for name in ("scipy_openblas_set_num_threads64_", "openblas_set_num_threads64_", "openblas_set_num_threads"):
                if hasattr(blas, name):
                    getattr(blas, name)(n)
                    return
        except OSError:
            pass


def make_config(args):
    """The config dict for the parsed ``args`` (preset + flags), or UsageError."""
    given = {k: getattr(args, k) for k in ARCH_FLAGS if getattr(args, k) is not None}
    if args.resume:
        if given:
            names = ", ".join("--" + k.replace("_", "-") for k in given)
            raise UsageError(f"--resume takes its settings from the checkpoint; drop {names} "
                             "(only --steps, --backend, --out and --quiet may be given)")
        _, saved, _, _ = checkpoint.load(args.resume)
        return {**saved, "steps": args.steps or saved["steps"], "backend": args.backend or saved["backend"]}
    spec = given.pop("data", "ring")
    config = train.preset(spec, **given, steps=args.steps, backend=args.backend)
    if config["data"] not in data.TOY + data.IMAGES:
        data.get_dataset(config["data"], min_rows=config["batch_size"])  # a bad file fails here, before any work
    return config


def main(argv=None):
    """Run the command line; returns the exit status (0 ok, 1 run stopped by NaN, 2 bad input, 130 Ctrl-C)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["train"] + argv
    if argv[:1] == ["lab"]:  # the lab has its own flags (lab_server.main)
        from .lab_server import main as lab_main
        return lab_main(argv[1:])
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            build_parser().print_help()
            return 0
        config = make_config(args)
        backend.set_backend(config["backend"])  # fails early, with the reason, if CuPy or the GPU is missing
        limit_blas_threads()
        out = args.out or os.path.join("runs", f"{os.path.basename(config['data']).replace(':', '-')}-{time.strftime('%Y%m%d-%H%M%S')}")
        result = train.train(config, out=out, progress=not args.quiet, resume=args.resume)
    except (UsageError, ValueError, backend.BackendUnavailable, OSError) as err:
        print(f"scratchgan: error: {err}", file=sys.stderr)
        return 2
    summary = ", ".join(f"{k} {v:.4g}" if isinstance(v, float) else f"{k} {v}" for k, v in result.metrics.items())
    if result.status == "nan":
        print(f"scratchgan: {result.message}", file=sys.stderr)
        return 1
    if result.status == "interrupted":
        print(f"scratchgan: {result.message}; wrote {out}", file=sys.stderr)
        return 130
    print(f"done in {result.seconds:.1f} s: {summary}\nrun folder: {out}")
    return 0
