"""Lesson 06's widget: a confidence-threshold slider over a precomputed grid of runs.

* :func:`selftraining_grid` runs every (base model, threshold, selection rule, seed)
  once through :func:`helpers.labels.selftraining.self_train` and caches the per-round
  results; :meth:`SelfTrainingGrid.select` is the widget's pure ``params -> result``.
* ``plot_*`` functions draw one :class:`GridCell` on an ``ax``.
* :func:`build_self_training_widget` wires a threshold slider, a plain/class-balanced
  toggle and a base-model dropdown to those plots; a callback only selects and redraws.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from helpers.core.cache import cached
from helpers.core.config import pick
from helpers.core.data import DigitsSplit, load_digits_split
from helpers.labels.selftraining import (
    BASE_MODELS,
    check_threshold,
    partial_labels,
    self_train,
)
from helpers.ui.plots import class_colors, color_for, label_axes, median_band, new_ax
from helpers.ui.widgets import InteractiveFigure, dropdown, steps, toggle

MODES = ("plain", "class-balanced")
"""Selection rules in the grid: the top ``k * n_classes`` overall, or top ``k`` per
class (both add at most the same number of pseudo-labels per round)."""


@dataclass(frozen=True)
class GridConfig:
    """What :func:`selftraining_grid` runs: every model x threshold x mode x seed."""

    models: tuple[str, ...] = ("logistic regression", "3-NN")
    thresholds: tuple[float, ...] = (0.5, 0.7, 0.9, 0.95, 0.99)
    seeds: tuple[int, ...] = (0, 1, 2, 3, 4)
    per_class: int = 5  # given labels per class
    k: int = 10  # pseudo-labels per class and round (x n_classes when plain)
    max_rounds: int = 12

    def __post_init__(self) -> None:
        for t in self.thresholds:
            check_threshold(t)
        unknown = set(self.models) - set(BASE_MODELS)
        if unknown:
            raise ValueError(
                f"unknown base model(s) {sorted(unknown)}; choose from "
                f"{sorted(BASE_MODELS)}"
            )
        if not self.models or not self.thresholds or not self.seeds:
            raise ValueError("models, thresholds and seeds must not be empty")


def default_grid_config() -> GridConfig:
    """The lesson's grid: five seeds and thresholds, or two and three in fast mode."""
    return GridConfig(
        thresholds=pick(normal=(0.5, 0.7, 0.9, 0.95, 0.99), fast=(0.5, 0.9, 0.99)),
        seeds=pick(normal=(0, 1, 2, 3, 4), fast=(0, 1)),
    )


@dataclass
class GridCell:
    """The runs of one (model, threshold, mode) over seeds; first axis = seed."""

    model: str
    threshold: float
    mode: str
    added: np.ndarray  # (n_seeds, max_rounds), 0 after a run stopped
    wrong: np.ndarray  # (n_seeds, max_rounds)
    class_counts: np.ndarray  # (n_seeds, max_rounds, n_classes)
    accuracy: np.ndarray  # (n_seeds, max_rounds + 1), last value carried forward
    n_fits: np.ndarray  # (n_seeds,)
    seconds: np.ndarray  # (n_seeds,)

    @property
    def baseline(self) -> float:
        """Median test accuracy of the supervised-only model (round 0)."""
        return float(np.median(self.accuracy[:, 0]))

    @property
    def final(self) -> float:
        """Median test accuracy after the last round."""
        return float(np.median(self.accuracy[:, -1]))

    @property
    def pseudo(self) -> float:
        """Median number of pseudo-labels added over all rounds."""
        return float(np.median(self.added.sum(axis=1)))

    @property
    def wrong_total(self) -> float:
        """Median number of wrong pseudo-labels over all rounds."""
        return float(np.median(self.wrong.sum(axis=1)))

    def class_share(self) -> np.ndarray:
        """Share of each round's pseudo-labels per class, pooled over seeds.

        Shape ``(max_rounds, n_classes)``; NaN for rounds that added nothing.
        """
        counts = self.class_counts.sum(axis=0).astype(float)  # (rounds, classes)
        totals = counts.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(totals > 0, counts / totals, np.nan)

    def largest_share(self) -> float:
        """Median over seeds of the largest class's share of all pseudo-labels."""
        totals = self.class_counts.sum(axis=1).astype(float)  # (seeds, classes)
        n = totals.sum(axis=1)
        shares = np.divide(
            totals.max(axis=1), n, out=np.full(n.shape, np.nan), where=n > 0
        )
        return float(np.nanmedian(shares)) if np.any(n > 0) else float("nan")


@dataclass
class SelfTrainingGrid:
    """Every run of a :class:`GridConfig`, as arrays indexed [model, threshold, mode,
    seed, ...]. :meth:`select` is the widget's pure ``params -> result`` function."""

    config: GridConfig
    added: np.ndarray  # (models, thresholds, modes, seeds, rounds)
    wrong: np.ndarray  # (models, thresholds, modes, seeds, rounds)
    class_counts: np.ndarray  # (models, thresholds, modes, seeds, rounds, classes)
    accuracy: np.ndarray  # (models, thresholds, modes, seeds, rounds + 1)
    n_fits: np.ndarray  # (models, thresholds, modes, seeds)
    seconds: np.ndarray  # (models, thresholds, modes, seeds)

    def select(self, *, model: str, threshold: float, balanced: bool) -> GridCell:
        """The runs for one base model, threshold and selection rule."""
        cfg = self.config
        if model not in cfg.models:
            raise ValueError(f"model must be one of {list(cfg.models)}, got {model!r}")
        threshold = check_threshold(threshold)
        hits = np.flatnonzero(np.isclose(cfg.thresholds, threshold))
        if hits.size == 0:
            raise ValueError(
                f"threshold {threshold} was not precomputed; choose one of "
                f"{list(cfg.thresholds)}"
            )
        at = (cfg.models.index(model), int(hits[0]), int(bool(balanced)))
        return GridCell(
            model=model,
            threshold=float(cfg.thresholds[at[1]]),
            mode=MODES[at[2]],
            added=self.added[at],
            wrong=self.wrong[at],
            class_counts=self.class_counts[at],
            accuracy=self.accuracy[at],
            n_fits=self.n_fits[at],
            seconds=self.seconds[at],
        )

    def final_accuracy(self, *, model: str, balanced: bool) -> np.ndarray:
        """Median final test accuracy for each threshold, shape ``(thresholds,)``."""
        return np.array(
            [
                self.select(model=model, threshold=t, balanced=balanced).final
                for t in self.config.thresholds
            ]
        )


def run_grid(config: GridConfig, split: DigitsSplit | None = None) -> SelfTrainingGrid:
    """Run every self-training setting of ``config`` on the digits split (slow)."""
    split = split or load_digits_split()
    cfg = config
    n_classes = int(np.unique(split.y_pool).size)
    shape = (len(cfg.models), len(cfg.thresholds), len(MODES), len(cfg.seeds))
    added = np.zeros((*shape, cfg.max_rounds), dtype=int)
    wrong = np.zeros_like(added)
    class_counts = np.zeros((*shape, cfg.max_rounds, n_classes), dtype=int)
    accuracy = np.zeros((*shape, cfg.max_rounds + 1))
    n_fits = np.zeros(shape, dtype=int)
    seconds = np.zeros(shape)
    for s, seed in enumerate(cfg.seeds):
        y = partial_labels(split.y_pool, per_class=cfg.per_class, seed=seed)
        for m, name in enumerate(cfg.models):
            for t, threshold in enumerate(cfg.thresholds):
                for b, balanced in enumerate((False, True)):
                    run = self_train(
                        split.X_pool,
                        y,
                        threshold=threshold,
                        k=cfg.k if balanced else cfg.k * n_classes,
                        balanced=balanced,
                        max_rounds=cfg.max_rounds,
                        make_model=BASE_MODELS[name],
                        y_true=split.y_pool,
                        X_test=split.X_test,
                        y_test=split.y_test,
                    )
                    at = (m, t, b, s)
                    r = run.n_rounds
                    added[at][:r] = run.added
                    wrong[at][:r] = run.wrong
                    class_counts[at][:r] = run.class_counts
                    accuracy[at][: r + 1] = run.test_accuracy
                    accuracy[at][r + 1 :] = run.final_accuracy
                    n_fits[at] = run.n_fits
                    seconds[at] = run.seconds
    return SelfTrainingGrid(cfg, added, wrong, class_counts, accuracy, n_fits, seconds)


GRID_VERSION = 1
"""Bump when the code that fills the grid changes, so cached grids are recomputed."""


def selftraining_grid(
    config: GridConfig | None = None, *, verbose: bool = True
) -> SelfTrainingGrid:
    """The widget's grid of runs, loaded from the cache or computed once."""
    config = config or default_grid_config()
    params = {"version": GRID_VERSION, **asdict(config)}
    return cached(
        "selftraining_grid", lambda: run_grid(config), params=params, verbose=verbose
    )


# ------------------------------------------------------------------ plots

SHARE_CMAP = "Blues"
SHARE_MAX = 0.6  # colour scale of class shares; a balanced round sits at 1/K = 0.1
SHARE_TICKS = (0.0, 0.2, 0.4, 0.6)


_KEY_STYLE = {
    "loc": "upper center",
    "fontsize": "x-small",
    "ncols": 6,
    "columnspacing": 0.8,
    "handlelength": 1.0,
    "title": "predicted digit",
    "title_fontsize": "x-small",
}


def _digit_key(n_classes: int) -> list[Any]:
    """Legend handles: one patch per digit colour, and the black 'wrong' steps."""
    patches = [
        Patch(color=c, label=str(d)) for d, c in enumerate(class_colors(n_classes))
    ]
    return [*patches, Line2D([], [], color="black", lw=2, label="wrong")]


def _round_ticks(last: int, *, start: int) -> list[int]:
    """At most five round numbers from ``start`` to ``last`` (few ticks draw fast)."""
    step = max(1, -(-(last - start) // 4))
    return list(range(start, last + 1, step))


def plot_pseudo_labels(
    cell: GridCell, *, ax: Axes | None = None, legend: bool = True
) -> Axes:
    """Pseudo-labels added per round, stacked by predicted digit, with the wrong ones.

    Bars are means over seeds (so the digits stack up to the round's total); the
    black steps count the wrong pseudo-labels of each round. ``legend=False`` leaves
    the key to the caller (the widget draws it once, outside the redraw).
    """
    ax = new_ax(ax)
    counts = cell.class_counts.mean(axis=0)  # (rounds, classes)
    n_rounds, n_classes = counts.shape
    edges = np.arange(n_rounds + 1) + 0.5
    bottom = np.zeros(n_rounds)
    # One filled step outline per digit (10 artists, not 120 bars): fast redraws.
    for c, color in enumerate(class_colors(n_classes)):
        top = bottom + counts[:, c]
        ax.stairs(top, edges, baseline=bottom, fill=True, color=color, label=str(c))
        bottom = top
    ax.stairs(cell.wrong.mean(axis=0), edges, color="black", lw=2, label="wrong")
    ax.set_xlim(edges[0], edges[-1])
    ax.set_xticks(_round_ticks(n_rounds, start=1))
    headroom = 1.45 if legend else 1.1  # room for the legend above the bars
    ax.set_ylim(0, max(1.0, headroom * float(bottom.max())))
    ax.yaxis.set_major_locator(mpl.ticker.MaxNLocator(4))  # few ticks: fast redraws
    if legend:
        ax.legend(handles=_digit_key(n_classes), **_KEY_STYLE)
    return label_axes(
        ax,
        title="Pseudo-labels added per round",
        xlabel="round",
        ylabel="pseudo-labels (mean over seeds)",
    )


def plot_class_mix(
    cell: GridCell, *, ax: Axes | None = None, colorbar: bool = True
) -> Axes:
    """Each round's pseudo-labels by predicted class, as shares (pooled over seeds).

    A balanced round is a uniform column at 1/K; class collapse is one dark cell.
    Blank columns are rounds that added nothing.
    """
    ax = new_ax(ax)
    share = cell.class_share()  # (rounds, classes)
    n_rounds, n_classes = share.shape
    cmap = mpl.colormaps[SHARE_CMAP].with_extremes(bad="#F2F2F2")
    image = ax.imshow(
        np.ma.masked_invalid(share.T),
        origin="lower",
        aspect="auto",
        cmap=cmap,
        vmin=0.0,
        vmax=SHARE_MAX,
        extent=(0.5, n_rounds + 0.5, -0.5, n_classes - 0.5),
        interpolation="nearest",
    )
    ax.set_yticks(range(n_classes))
    ax.set_xticks(_round_ticks(n_rounds, start=1))
    ax.grid(False)
    if colorbar:
        bar = ax.figure.colorbar(image, ax=ax, label="share of the round's labels")
        bar.set_ticks(SHARE_TICKS)
    return label_axes(
        ax, title="Class mix of the pseudo-labels", xlabel="round", ylabel="digit"
    )


def plot_accuracy_rounds(
    cell: GridCell, *, other: GridCell | None = None, ax: Axes | None = None
) -> Axes:
    """Test accuracy after each round (median and IQR over seeds) vs supervised-only.

    ``other`` (e.g. the other selection rule) is drawn as a thin dashed median line.
    """
    ax = new_ax(ax)
    rounds = np.arange(cell.accuracy.shape[1])
    ax.axhline(
        cell.baseline,
        color=color_for("supervised"),
        ls=":",
        lw=1.5,
        label="supervised only",
    )
    if other is not None:
        ax.plot(
            rounds,
            np.median(other.accuracy, axis=0),
            color=color_for(other.mode),
            ls="--",
            lw=1.2,
            label=other.mode,
        )
    median_band(rounds, cell.accuracy, label=cell.mode, ax=ax, lw=2)
    ax.set_ylim(0.75, 1.0)
    ax.set_yticks([0.75, 0.8, 0.85, 0.9, 0.95, 1.0])
    ax.set_xticks(_round_ticks(rounds[-1], start=0))
    ax.legend(loc="lower right", fontsize="small")
    return label_axes(
        ax,
        title="Test accuracy by round",
        xlabel="round (0 = labels only)",
        ylabel="test accuracy",
    )


def plot_threshold_sweep(
    grid: SelfTrainingGrid, *, model: str, ax: Axes | None = None
) -> Axes:
    """Final median test accuracy against the threshold, plain vs class-balanced."""
    ax = new_ax(ax)
    thresholds = np.asarray(grid.config.thresholds)
    for balanced, mode in enumerate(MODES):
        runs = np.stack(
            [
                grid.select(model=model, threshold=t, balanced=bool(balanced)).accuracy[
                    :, -1
                ]
                for t in thresholds
            ],
            axis=1,
        )  # (seeds, thresholds)
        median_band(thresholds, runs, label=mode, ax=ax, marker="o")
    base = grid.select(model=model, threshold=thresholds[0], balanced=False).baseline
    ax.axhline(base, color=color_for("supervised"), ls=":", label="supervised only")
    ax.legend(loc="best", fontsize="small")
    return label_axes(
        ax,
        title=f"Self-training with {model}: final accuracy vs threshold",
        xlabel="confidence threshold",
        ylabel="test accuracy (median, IQR band)",
    )


def summary_html(cell: GridCell) -> str:
    """The numbers behind the widget's picture, in one line."""
    gain = 100 * (cell.final - cell.baseline)
    share_wrong = cell.wrong_total / cell.pseudo if cell.pseudo else 0.0
    n_classes = cell.class_counts.shape[-1]
    return (
        f"<b>{cell.model}, threshold {cell.threshold:.2f}, {cell.mode}</b>: test "
        f"accuracy <b>{cell.final:.3f}</b> after self-training vs {cell.baseline:.3f} "
        f"supervised-only ({gain:+.1f} points) &nbsp;|&nbsp; "
        f"{cell.pseudo:.0f} pseudo-labels, <b>{cell.wrong_total:.0f} wrong</b> "
        f"({share_wrong:.1%}); largest class {cell.largest_share():.0%} of them "
        f"(balanced: {1 / n_classes:.0%}) &nbsp;|&nbsp; "
        f"{np.median(cell.n_fits):.0f} fits, {np.median(cell.seconds):.2f} s per run "
        f"(medians over {cell.added.shape[0]} seeds)"
    )


def digit_key_html(n_classes: int) -> str:
    """The colour key of :func:`plot_pseudo_labels` as HTML.

    The widget shows the key below the figure: a legend of eleven entries would cost
    a third of every redraw.
    """
    swatches = " ".join(
        f"<span style='color:{c}'>&#9632;</span>&nbsp;{d}"
        for d, c in enumerate(class_colors(n_classes))
    )
    return f"bars by predicted digit: {swatches} &nbsp;|&nbsp; black steps: wrong"


# ------------------------------------------------------------------ the widget


def build_self_training_widget(
    grid: SelfTrainingGrid | None = None,
    *,
    model: str = "logistic regression",
    threshold: float | None = None,
    balanced: bool = False,
) -> InteractiveFigure:
    """A confidence-threshold slider over the precomputed grid of self-training runs.

    Controls: the threshold (only precomputed values), plain vs class-balanced
    selection, and the base model. Each move selects a grid cell and redraws two
    panels: pseudo-labels per round (stacked by predicted digit, with the wrong ones)
    and test accuracy per round against the supervised-only baseline.
    """
    grid = grid if grid is not None else selftraining_grid()
    thresholds = list(grid.config.thresholds)
    if threshold is None:
        threshold = min(thresholds, key=lambda t: abs(t - 0.9))
    grid.select(model=model, threshold=threshold, balanced=balanced)  # validates

    def draw(axes: np.ndarray, p: dict[str, Any]) -> str:
        cell = grid.select(
            model=p["model"], threshold=p["threshold"], balanced=p["balanced"]
        )
        other = grid.select(
            model=p["model"], threshold=p["threshold"], balanced=not p["balanced"]
        )
        plot_pseudo_labels(cell, ax=axes[0, 0], legend=False)
        plot_accuracy_rounds(cell, other=other, ax=axes[0, 1])
        return summary_html(cell) + "<br>" + digit_key_html(cell.class_counts.shape[-1])

    controls = {
        "threshold": steps(
            "confidence threshold", thresholds, value=threshold, fmt="{:.2f}"
        ),
        "balanced": toggle(
            "selection",
            [("plain", False), ("class-balanced", True)],
            value=bool(balanced),
        ),
        "model": dropdown("base model", list(grid.config.models), value=model),
    }
    return InteractiveFigure(
        controls,
        draw,
        ncols=2,
    )
