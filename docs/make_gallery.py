"""Regenerate the README gallery: ``python docs/make_gallery.py`` (from the repository root;
name parts, e.g. ``python docs/make_gallery.py ring``, to redo only those).

Every picture comes from a real, seeded run on the CPU:

    figure1.png   Goodfellow et al. (2014) Fig. 1 from one 1-D run (game1d.train_1d, 3,000 steps)
    ring_early.png, ring.png  the GAN Lab view of the 8-Gaussian ring after 100 and 1,500 steps
    curves.png    that run's training curves
    ring.gif      that run's fixed-z samples as an animation
    digits.png    samples of a GAN trained on the offline digits (presets.preset("digits"))
    digits_steps.png  the same z over that run

PNGs over the limit are stored with a 256-colour palette (the flat Okabe-Ito
colours survive it), and sizes are checked: each PNG < 300 KB, each GIF < 2 MB, so the repository stays small.
"""
import os
import sys
import time

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from scratchgan import data, game1d, plots, presets, train  # noqa: E402

PNG_LIMIT, GIF_LIMIT = 300_000, 2_000_000
EARLY = 100  # steps: the ring picture mid-game


def out(name):
    return os.path.join(HERE, name)


def save(fig, name):
    """Save fig as docs/name, with a 256-colour palette if it is too big; returns the path."""
    path = out(name)
    plots.save(fig, path)
    if os.path.getsize(path) > PNG_LIMIT:
        with Image.open(path) as im:
            small = im.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
        small.save(path, optimize=True)
    return path


def check(path):
    size = os.path.getsize(path)
    limit = GIF_LIMIT if path.endswith(".gif") else PNG_LIMIT
    print(f"  {os.path.basename(path):18s} {size / 1000:7.1f} KB")
    if size > limit:
        raise SystemExit(f"{path} is {size} bytes, over the {limit}-byte limit for the gallery")


PARTS = ("1d", "ring", "digits")


def main(parts=PARTS):
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        raise SystemExit(f"unknown gallery part(s) {unknown}; choose from {', '.join(PARTS)} (or none for all)")
    t0 = time.perf_counter()
    if "1d" in parts:
        one_d()
    if "ring" in parts:
        ring_run()
    if "digits" in parts:
        digits_run()
    print(f"done in {time.perf_counter() - t0:.0f} s")


def one_d():
    print("1-D: Goodfellow's figure 1")
    run = game1d.train_1d()
    save(plots.figure1_panels(run["gan"], run["snapshots"], data.get_dataset("gaussian")), "figure1.png")
    check(out("figure1.png"))


def ring_run():
    print("2-D: the 8-Gaussian ring, 1,500 steps of the ring preset")
    early = {}

    def keep_early(step, stats, gan):  # the players after EARLY steps, for a picture mid-game
        if step + 1 == EARLY:
            early.update(gan.state_dict())
    ring = train.train(presets.preset("ring", steps=1500, eval_every=100), progress=False, snapshot_every=100,
                       callback=keep_early)
    ds, units = ring.dataset, (ring.shift, ring.scale)
    real = ds.sample(1000, np.random.default_rng(1))
    final = ring.gan.state_dict()
    ring.gan.load_state_dict(early)
    fig = plots.plane(ring.gan, real, ds.modes, ds.mode_std, units=units,
                      title=f"8-Gaussian ring after {EARLY} steps: D, data, samples and G's gradient")
    save(fig, "ring_early.png")
    ring.gan.load_state_dict(final)
    fig = plots.plane(ring.gan, real, ds.modes, ds.mode_std, units=units,
                      title=f"8-Gaussian ring after {ring.step} steps: D, data, samples and G's gradient")
    save(fig, "ring.png")
    save(plots.curves(plots.run_history(ring), n_modes=len(ds.modes), title="8-Gaussian ring: training curves"),
         "curves.png")
    plots.training_gif(out("ring.gif"), ring.snapshots, ring.snapshot_steps, real=real[:500])
    for name in ("ring_early.png", "ring.png", "curves.png", "ring.gif"):
        check(out(name))


def digits_run():
    print("images: the offline digits, 3,000 steps of the digits preset")
    digits = train.train(presets.preset("digits"), progress=False)
    save(plots.image_grid(digits.samples[:48], ncols=12, title=f"48 samples after {digits.step} steps"), "digits.png")
    save(plots.snapshot_grid(digits.snapshots, digits.snapshot_steps, per_row=12, max_rows=6), "digits_steps.png")
    for name in ("digits.png", "digits_steps.png"):
        check(out(name))


if __name__ == "__main__":
    main(sys.argv[1:] or PARTS)  # e.g. `python docs/make_gallery.py ring` for one part
