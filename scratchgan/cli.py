"""Command line: ``python -m scratchgan [train] [--flags]``.

    python -m scratchgan                      # the ring preset, ~1 minute on 2 CPU cores
    python -m scratchgan train --data grid --steps 3000 --out runs/grid
    python -m scratchgan train --resume runs/grid/checkpoint.npz --steps 1000
    python -m scratchgan lab                  # the classroom lab in the browser (lab/server.py; it parses its own flags)

Every flag left out comes from the dataset's preset (``presets.PRESETS``).
Every mistake ends with one line on stderr and exit status 2; no traceback.
Exit status: 0 done, 1 stopped by a NaN loss, 2 bad input, 130 Ctrl-C, 143 SIGTERM.
``build_parser`` declares the subcommands' flags; ``COMMANDS`` maps a subcommand's name
to the function that runs it (args -> exit status); ``lab`` is handed its own argv.
"""
import argparse
import os
import sys

from . import backend, checkpoint, data, kernels, losses, presets, runs, train

# the flags that set a key of the run's config (beside --steps and --backend); --resume refuses
# them all, since a resumed run takes its settings from its checkpoint
CONFIG_FLAGS = ("data", "loss", "batch_size", "lr", "beta1", "d_steps", "pack", "hidden", "layers",
                "noise_dim", "seed", "data_dir", "conditional", "label_column", "labels")


class UsageError(Exception):
    """A bad argument: printed as one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    """argparse, with a mistake raised as a one-line UsageError instead of the whole usage text."""

    def error(self, message):  # argparse prints the whole usage; one line is enough
        raise UsageError(f"{message} (see python -m scratchgan train --help)")


def positive_int(text):
    """argparse type: a whole number >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive whole number, got {value}")
    return value


def positive_float(text):
    """argparse type: a number > 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be > 0, got {value}")
    return value


def build_parser():
    """The parser of ``python -m scratchgan``: the ``train`` subcommand and its flags."""
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
    t.add_argument("--out", help="run folder (default runs/<data>-<time>; with --resume the checkpoint's folder)")
    t.add_argument("--overwrite", action="store_true", help="replace the run already in --out")
    t.add_argument("--resume", metavar="CKPT", help="continue a run from its checkpoint.npz "
                   "(default --steps: the rest of its plan, or as many steps again once that is done)")
    t.add_argument("--data-dir", help="folder of the MNIST files (for --data mnist)")
    t.add_argument("--conditional", nargs="?", const="concat", choices=presets.CONDITIONINGS,
                   help="a conditional GAN, p(x | y) (labelled data: mnist, digits, ring, grid, mixture, a file with "
                        "labels); D reads the label by concatenation (default) or projection")
    t.add_argument("--label-column", metavar="NAME", help="the CSV column holding each row's class (0..K-1)")
    t.add_argument("--labels", metavar="FILE.npy", help="a .npy of one class (0..K-1) per row of --data's file")
    t.add_argument("--quiet", action="store_true", help="no progress bar")
    return p


def make_config(args):
    """The config dict for the parsed ``args`` (preset + flags), or UsageError."""
    given = {k: getattr(args, k) for k in CONFIG_FLAGS if getattr(args, k) is not None}
    if args.resume:
        if given:
            names = ", ".join("--" + k.replace("_", "-") for k in given)
            raise UsageError(f"--resume takes its settings from the checkpoint; drop {names} "
                             "(only --steps, --backend, --out, --overwrite and --quiet may be given)")
        _, saved, meta, _ = checkpoint.load(args.resume)
        planned = (saved.get("schedule_steps") or 0) - meta["step"]  # a stopped run finishes its plan
        steps = args.steps or (planned if planned > 0 else saved.get("steps"))
        return {**saved, "steps": steps, "backend": args.backend or saved.get("backend")}
    spec = given.pop("data", "ring")
    config = presets.preset(spec, **given, steps=args.steps, backend=args.backend)
    labels = {"label_column": config["label_column"], "labels": config["labels"]}
    if config["data"] not in data.TOY + data.IMAGES:  # a bad file (or labels file) fails here, before any work
        ds = data.get_dataset(config["data"], min_rows=config["batch_size"], **labels)
    elif config["data"] in data.TOY:
        ds = data.get_dataset(config["data"], **labels)
    else:  # an image set: only --label-column / --labels are checked (refused) here, without loading it
        ds = data.get_dataset(config["data"], **labels) if any(labels.values()) else None
    if config["conditional"] and ds is not None and (ds.n_classes or 0) < 2:
        raise UsageError(f"--conditional needs data with at least 2 classes; {config['data']} has "
                         f"{ds.n_classes or 'no labels'} (use mnist, digits, ring, grid, mixture, or a file "
                         "with --label-column NAME / --labels FILE.npy)")
    return config


def run_folder(args, config):
    """The folder this run writes: --out (refused when it holds another run, unless --overwrite),
    the resumed checkpoint's own folder, or a new runs/<data>-<time> that no other run shares."""
    if args.out:
        return runs.claim(args.out, overwrite=args.overwrite, resume=args.resume)
    if args.resume:
        return os.path.dirname(os.path.abspath(args.resume))
    return runs.new_folder(config["data"])


def summary(metrics):
    """The final line's numbers: scalars only, each score beside its real-vs-real reference."""
    parts = []
    for k, v in metrics.items():
        if k.endswith("_real") or isinstance(v, (list, dict)) or v is None:
            continue
        text = f"{v:.4g}" if isinstance(v, float) else f"{v}"
        if isinstance(metrics.get(k + "_real"), float):
            text += f" (real vs real {metrics[k + '_real']:.4g})"
        parts.append(f"{k} {text}")
    return ", ".join(parts)


def train_command(args):
    """python -m scratchgan train: returns the exit status."""
    config = make_config(args)
    backend.set_backend(config["backend"])  # fails early, with the reason, if CuPy or the GPU is missing
    kernels.limit_blas_threads()
    out = run_folder(args, config)
    result = train.train(config, out=out, progress=not args.quiet, resume=args.resume)
    if result.status == "nan":
        print(f"scratchgan: {result.message}", file=sys.stderr)
        return 1
    if result.status in ("interrupted", "terminated"):
        print(f"scratchgan: {result.message}; wrote {out} (continue with --resume {os.path.join(out, 'checkpoint.npz')})",
              file=sys.stderr)
        return 130 if result.status == "interrupted" else 143
    print(f"done in {result.seconds:.1f} s: {summary(result.metrics)}")
    if "averaged" in result.metrics:  # both Gs side by side; the first line is the one the run uses
        print("  " + "  |  ".join(f"{name} G{' (used)' if (name == 'averaged') == result.uses_average else ''}: "
                                  f"{summary(result.metrics[name])}" for name in ("raw", "averaged")))
    print(f"run folder: {out}")
    return 0


COMMANDS = {"train": train_command}  # subcommand -> run(args) -> exit status; its flags are in build_parser


def main(argv=None):
    """Run the command line; returns the exit status (0 ok, 1 NaN, 2 bad input, 130 Ctrl-C, 143 SIGTERM)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["train"] + argv
    if argv[:1] == ["lab"]:  # the lab has its own flags (lab.server.main)
        from .lab.server import main as lab_main
        return lab_main(argv[1:])
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            build_parser().print_help()
            return 0
        return COMMANDS[args.command](args)
    except (UsageError, ValueError, backend.BackendUnavailable, OSError) as err:
        print(f"scratchgan: error: {err}", file=sys.stderr)
        return 2
    except MemoryError:
        print("scratchgan: error: out of memory; lower --batch-size or --hidden", file=sys.stderr)
        return 2
