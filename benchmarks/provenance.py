"""What a stored benchmark was made with: the presets it trained, the method overrides, the code version.

A stored benchmark is only evidence about today's code while the configs it trained are today's configs (the
same idea as the stored lesson outputs' source hashes). ``record`` writes, beside the rows, every config the
benchmark ran (``train.preset(dataset, **overrides)`` for each method) and the git commit; ``changed`` lists what
differs now, and tests/test_pitfalls.py fails on any difference, so a preset change asks for a new run.

    >>> rec = record(["ring"], {"GAN": {"pack": 1}})
    >>> changed(rec)
    []
"""
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))


def configs(datasets, methods, steps=None):
    """{"method/dataset": the full config that run_one trains} for every method and dataset."""
    try:
        from scratchgan.presets import preset
    except ImportError:  # before issue 19 the presets lived in train.py
        from scratchgan.train import preset
    extra = {"steps": steps} if steps else {}
    return {f"{m}/{d}": preset(d, **over, **extra) for m, over in methods.items() for d in datasets}


def code_version():
    """The git commit of this checkout (with "+changes" when the work tree differs), or "unknown"."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=HERE,
                               capture_output=True, text=True).stdout.strip()
        return head + ("+changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def record(datasets, methods, steps=None):
    """The provenance block of a stored benchmark: configs, methods and code version."""
    return {"configs": configs(datasets, methods, steps), "methods": {m: dict(o) for m, o in methods.items()},
            "datasets": list(datasets), "steps_override": steps, "code": code_version()}


def changed(rec):
    """["method/dataset: key stored -> now", ...] for every config that differs from what the code builds today."""
    now = configs(rec["datasets"], rec["methods"], rec.get("steps_override"))
    out = []
    for name in sorted(set(now) | set(rec["configs"])):
        old, new = rec["configs"].get(name, {}), now.get(name, {})
        out += [f"{name}: {k} {old.get(k)!r} -> {new.get(k)!r}" for k in sorted(set(old) | set(new))
                if old.get(k) != new.get(k)]
    return out
