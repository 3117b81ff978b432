"""Plots of lesson 12's tuning and comparison results: search curves, cross-validated
scores with error bars, regularisation paths, and the optimism of tuning on test."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from helpers.core.validation import check_choice
from helpers.evaluate.ensembles import CVScores, Paths
from helpers.evaluate.honest import TuningRuns
from helpers.evaluate.search import SearchCurves
from helpers.ui.plots import color_for, label_axes, median_band, new_ax


def plot_search_curves(curves: SearchCurves, *, ax: Axes | None = None) -> Axes:
    """Best validation error so far against trials: median over seeds and the
    inter-quartile band, one line per search method."""
    if not isinstance(curves, SearchCurves):
        raise TypeError(f"curves must be a SearchCurves, got {type(curves).__name__}")
    ax = new_ax(ax)
    x = np.arange(1, curves.budget + 1)
    dashes = {"random": "--"}  # random and TPE share their first trials: keep both
    for method in curves.methods:
        runs = 100 * curves.best_so_far(method)
        median_band(x, runs, label=method, ax=ax, lw=2, ls=dashes.get(method, "-"))
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.yaxis.set_minor_formatter(  # label 2, 3 and 5 of each decade only
        FuncFormatter(lambda v, _: f"{v:g}" if f"{v:e}"[0] in "235" else "")
    )
    ax.legend(loc="upper right", fontsize="small", title="search")
    return label_axes(
        ax,
        title=f"Best so far, median and IQR over {len(curves.seeds)} seeds",
        xlabel="trials (models fitted)",
        ylabel="best validation error (%, log scale)",
    )


def plot_cv_scores(cv: CVScores, *, ax: Axes | None = None) -> Axes:
    """Mean cross-validated accuracy per model with +-1 standard deviation bars and
    the fold scores as dots; single models grey, ensembles blue."""
    if not isinstance(cv, CVScores):
        raise TypeError(f"cv must be a CVScores, got {type(cv).__name__}")
    ax = new_ax(ax)
    table = cv.table()
    y = np.arange(len(cv.models))
    colours = [
        color_for("before" if m in ("tree", "knn", "naive_bayes") else "after")
        for m in cv.models
    ]
    ax.barh(y, 100 * table["accuracy"], xerr=100 * table["sd"], color=colours,
            alpha=0.8, capsize=4)  # fmt: skip
    for i in y:
        ax.plot(100 * cv.accuracy[i], np.full(cv.accuracy.shape[1], i), "k.", ms=4)
    ax.set_yticks(
        y, [f"{m} ({s:.2f} s)" for m, s in zip(cv.models, table["fit s"], strict=True)]
    )
    low = 100 * (table["accuracy"] - 3 * table["sd"]).min()
    ax.set_xlim(max(0.0, low - 2), 100)
    return label_axes(
        ax,
        title=f"{cv.accuracy.shape[1]}-fold CV accuracy (±1 SD; grey: single, blue: "
        "ensemble)",
        xlabel="accuracy (%)",
        ylabel="model (mean fit seconds)",
    )


def plot_paths(paths: Paths, *, kind: str, ax: Axes | None = None) -> Axes:
    """Each coefficient against the penalty ``alpha`` (log scale) for ``kind`` 'l1'
    (Lasso) or 'l2' (Ridge)."""
    check_choice("kind", kind, ("l1", "l2"))
    if not isinstance(paths, Paths):
        raise TypeError(f"paths must be a Paths, got {type(paths).__name__}")
    ax = new_ax(ax)
    coefs = getattr(paths, kind)  # (n_alphas, n_features)
    for j, name in enumerate(paths.features):
        ax.plot(paths.alphas, coefs[:, j], lw=1.5, label=name)
    ax.set_xscale("log")
    ax.axhline(0, color="black", lw=0.8)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize="x-small",
              title="feature")  # fmt: skip
    name = "L1 (Lasso)" if kind == "l1" else "L2 (Ridge)"
    return label_axes(
        ax,
        title=f"{name} coefficient paths",
        xlabel="penalty alpha (log scale)",
        ylabel="coefficient (target units per SD)",
    )


def plot_optimism(runs: TuningRuns, *, ax: Axes | None = None) -> Axes:
    """Reported test accuracy against fresh accuracy of the chosen model, one dot
    per seed and tuning rule; dots above the diagonal are optimistic."""
    if not isinstance(runs, TuningRuns):
        raise TypeError(f"runs must be a TuningRuns, got {type(runs).__name__}")
    ax = new_ax(ax, figsize=(5, 4.5))
    out = runs.outcomes()
    for rule, colour in (
        ("tuned on test", "wrong"),
        ("tuned on validation", "after"),
    ):
        part = out[out["rule"] == rule]
        ax.plot(100 * part["fresh"], 100 * part["reported (test)"], "o", alpha=0.7,
                color=color_for(colour), label=rule)  # fmt: skip
    lo = 100 * min(out["fresh"].min(), out["reported (test)"].min()) - 0.5
    ax.plot([lo, 100], [lo, 100], ls="--", color=color_for("baseline"), label="honest")
    ax.set_xlim(lo, 100)
    ax.set_ylim(lo, 100)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
    return label_axes(
        ax,
        title="Reported test accuracy vs fresh accuracy",
        xlabel="accuracy on fresh data (%)",
        ylabel="reported test accuracy (%)",
    )
