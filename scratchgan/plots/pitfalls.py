"""The figures of the pitfalls (``pitfalls.py`` measures, this module draws).

    plot_vanishing_gradients   ||dL_G/dtheta_G|| of both G losses against D's head start (lesson 10)
    plot_sweep                 a heat map of a hyperparameter sweep's outcome (lesson 11)
    plot_mode_collapse         modes captured per mode-collapse fix, from the benchmark's rows (lesson 12)
"""
import itertools

import numpy as np

from ..pitfalls import G_LOSSES, METHODS, grid_of, vanishing_gradients
from .base import FONT, OKABE_ITO, new_figure

COLOURS = {"minimax": OKABE_ITO["vermillion"], "non_saturating": OKABE_ITO["blue"]}


def plot_vanishing_gradients(result=None):
    """Left: ||dL_G/dtheta_G|| against D's head start k (log scale). Right: how sure D is, D(G(z))."""
    result = result or vanishing_gradients()
    fig = new_figure(12.5, 5.5)
    left, right = fig.add_subplot(1, 2, 1), fig.add_subplot(1, 2, 2)
    x = np.arange(len(result["k"]))
    for i, kind in enumerate(G_LOSSES):
        left.bar(x + (i - 0.5) * 0.38, result[kind], width=0.38, color=COLOURS[kind],
                 label=f"{kind.replace('_', '-')}: {'log(1 - D(G(z)))' if kind == 'minimax' else '-log D(G(z))'}")
    for xi, r in zip(x, result["ratio"]):
        left.annotate(f"x{r:,.0f}" if r >= 10 else f"x{r:.2f}", (xi, max(result["minimax"][xi], result["non_saturating"][xi])),
                      textcoords="offset points", xytext=(0, 6), ha="center", fontsize=FONT - 2)
    left.set_yscale("log")
    left.set_ylim(top=30 * max(result["non_saturating"] + result["minimax"]))
    right.semilogy(x, result["d_fake"], "o-", color=OKABE_ITO["green"], lw=2.5, ms=9, label="mean D(G(z)) on the fixed z")
    for ax in (left, right):
        ax.set_xticks(x, [str(k) for k in result["k"]])
        ax.set_xlabel("D steps ahead of a fixed G (k)", fontsize=FONT)
        ax.tick_params(labelsize=FONT - 2)
        ax.legend(fontsize=FONT - 2, title_fontsize=FONT - 2, loc="upper left" if ax is left else "lower left",
                  title="x N above bars: non-saturating / minimax" if ax is left else None)
    left.set_ylabel("||dL_G / dtheta_G||", fontsize=FONT)
    left.set_title("G's gradient: the minimax loss saturates", fontsize=FONT)
    right.set_ylabel("D(G(z)) = P(fake is real)", fontsize=FONT)
    right.set_title("a stronger D rejects the fakes", fontsize=FONT)
    return fig


def plot_sweep(rows, x="lr", y="beta1", value="modes"):
    """Heat map of ``value`` (mean over seeds) over the (x, y) grid, each cell labelled.

    A mode count is labelled with the cell's high-quality share beside it (when the rows have
    one): 8/8 modes from a few stray samples (say 1% high quality) is not a GAN that works.
    """
    xs, ys, M = grid_of(rows, x, y, value)
    hq = grid_of(rows, x, y, "high_quality")[2] if value == "modes" and all("high_quality" in r for r in rows) else None
    fig = new_figure(12, 7)
    ax = fig.add_subplot(1, 1, 1)
    top = rows[0].get("n_modes") if value == "modes" else None
    im = ax.imshow(M, origin="lower", cmap="viridis", vmin=0 if top else None, vmax=top, aspect="auto")
    ax.grid(False)  # a notebook's style may turn grids on: they would cut the cells
    for i, j in itertools.product(range(len(ys)), range(len(xs))):
        light = np.isfinite(M[i, j]) and M[i, j] < np.nanmean(M)
        label = "-" if np.isnan(M[i, j]) else f"{M[i, j]:.3g}"
        if hq is not None and np.isfinite(hq[i, j]):
            label += f"\n{hq[i, j]:.0%} HQ"
        ax.text(j, i, label, ha="center", va="center", fontsize=FONT + 2, color="white" if light else "black")
    ax.set_xticks(range(len(xs)), [f"{v:g}" for v in xs])
    ax.set_yticks(range(len(ys)), [f"{v:g}" for v in ys])
    ax.set_xlabel(x, fontsize=FONT)
    ax.set_ylabel(y, fontsize=FONT)
    ax.tick_params(labelsize=FONT - 1)
    seeds = len({r["seed"] for r in rows})
    ax.set_title(f"{value.replace('_', ' ')}" + (f" captured (of {top})" if top else "")
                 + f", mean over {seeds} seed{'s' * (seeds > 1)}" + (" (HQ: high-quality share)" if hq is not None else ""),
                 fontsize=FONT)
    bar = fig.colorbar(im, ax=ax)
    bar.set_label(value.replace("_", " "), fontsize=FONT)
    bar.ax.tick_params(labelsize=FONT - 2)
    return fig


def plot_mode_collapse(rows, datasets=("ring", "grid")):
    """Modes captured per method (mean and std over seeds), one panel per dataset, from benchmark rows.

    Each bar is labelled with its mean high-quality share: a mode count means little when few samples are
    within 3 std of any mode (stray samples then decide which modes are "captured"). The label sits on a white box,
    above the error bar."""
    fig = new_figure(13, 6)
    methods = [m for m in METHODS if any(r["method"] == m for r in rows)]
    for i, d in enumerate(datasets):
        ax = fig.add_subplot(1, len(datasets), i + 1)
        got = [[r["modes"] for r in rows if r["method"] == m and r["dataset"] == d] for m in methods]
        n_modes = next((r["n_modes"] for r in rows if r["dataset"] == d), None)
        y = np.arange(len(methods))[::-1]
        ax.barh(y, [np.mean(g) if g else 0 for g in got], xerr=[np.std(g) if g else 0 for g in got],
                color=OKABE_ITO["sky"], edgecolor="black", label="mean +- std over seeds")
        hq = [[r["high_quality"] for r in rows if r["method"] == m and r["dataset"] == d] for m in methods]
        for yi, g, h in zip(y, got, hq):  # inside each bar, at its base: clear of the error bars
            if g:
                ax.text(0.02 * (n_modes or 1), yi, f"HQ {np.mean(h):.0%}", va="center", fontsize=FONT - 2, zorder=5,
                        bbox=dict(facecolor="white", alpha=0.85, edgecolor="none", pad=1.5))  # readable over an error bar
        if n_modes:
            ax.axvline(n_modes, color=OKABE_ITO["vermillion"], ls="--", lw=2, label=f"all {n_modes} modes")
            ax.set_xlim(0, 1.15 * n_modes)
        ax.set_yticks(y, methods if i == 0 else [""] * len(methods))
        ax.set_xlabel("modes captured", fontsize=FONT)
        ax.set_ylabel("method" if i == 0 else "", fontsize=FONT)
        ax.set_title(d, fontsize=FONT)
        ax.tick_params(labelsize=FONT - 2)
        ax.legend(fontsize=FONT - 2, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=2)  # below: no bar hidden
    return fig
