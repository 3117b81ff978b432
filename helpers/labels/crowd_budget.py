"""A crowd under a budget: scenarios, outcomes, plots and the widget (lesson 05).

Builds on :mod:`helpers.labels.crowd` (simulated annotators and the aggregators): a
:class:`CrowdSetting` is one scenario (pool quality, error style, annotators per item,
budget), :func:`crowd_outcome` measures what majority vote and Dawid-Skene recover from
it, and :func:`build_crowd_widget` lets students move those knobs.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from helpers.labels.crowd import (
    STYLES,
    annotator_confusions,
    assignment_mask,
    dawid_skene,
    label_posteriors,
    majority_vote,
    simulate_votes,
)
from helpers.ui.plots import color_for, label_axes, median_band, new_ax


@dataclass(frozen=True)
class CrowdSetting:
    """One crowdsourcing scenario: a pool of annotators, an assignment and a budget.

    The pool's accuracies are spread evenly over ``quality ± spread`` (clipped to
    [0, 1]); each item gets ``per_item`` annotators from the pool; the budget buys
    ``budget / price_per_label`` labels (whole items only).
    """

    quality: float = 0.75
    style: str = "systematic"
    per_item: int = 3
    budget: float = 300.0
    pool_size: int = 7
    spread: float = 0.15
    price_per_label: float = 0.05
    n_classes: int = 10
    seed: int = 0

    def accuracies(self) -> np.ndarray:
        """The pool's accuracies, lowest first, shape ``(pool_size,)``."""
        if not 0.0 <= self.quality <= 1.0:
            raise ValueError(f"quality must be in [0, 1], got {self.quality}")
        if self.pool_size < 1:
            raise ValueError(f"pool_size must be >= 1, got {self.pool_size}")
        offsets = np.linspace(-self.spread, self.spread, self.pool_size)
        return np.clip(self.quality + offsets, 0.0, 1.0)

    @property
    def n_labels(self) -> int:
        """Labels the budget buys."""
        if self.budget < 0 or self.price_per_label <= 0:
            raise ValueError(
                f"budget must be >= 0 and price_per_label > 0, got {self.budget} and "
                f"{self.price_per_label}"
            )
        return int(round(self.budget / self.price_per_label, 6))


@dataclass(frozen=True)
class CrowdOutcome:
    """What a :class:`CrowdSetting` bought and how well each aggregator did.

    The per-annotator arrays have shape ``(pool_size,)``: accuracy measured against
    the truth, as Dawid-Skene estimates it (no truth needed), and as agreement with
    the majority vote (the naive estimate).
    """

    n_items: int
    n_covered: int
    n_labels: int
    cost: float
    mv_correct: int
    ds_correct: int
    annotator_accuracy: np.ndarray
    ds_annotator_accuracy: np.ndarray
    mv_agreement: np.ndarray

    @property
    def mv_accuracy(self) -> float:
        """Majority-vote accuracy on the items that got labels (NaN if none)."""
        return self.mv_correct / self.n_covered if self.n_covered else float("nan")

    @property
    def ds_accuracy(self) -> float:
        """Dawid-Skene accuracy on the items that got labels (NaN if none)."""
        return self.ds_correct / self.n_covered if self.n_covered else float("nan")

    def to_html(self) -> str:
        per = self.cost / self.ds_correct if self.ds_correct else float("nan")
        return (
            f"bought <b>{self.n_labels:,}</b> labels for <b>${self.cost:,.2f}</b>; "
            f"{self.n_covered:,} of {self.n_items:,} items labelled &nbsp;|&nbsp; "
            f"accuracy: majority vote <b>{self.mv_accuracy:.1%}</b>, Dawid-Skene "
            f"<b>{self.ds_accuracy:.1%}</b> &nbsp;|&nbsp; ${per:.3f} per correct label"
        )


def crowd_outcome(setting: CrowdSetting, y_true: np.ndarray) -> CrowdOutcome:
    """Simulate ``setting`` on items with classes ``y_true``, aggregate, count."""
    y = np.asarray(y_true)
    K = setting.n_classes
    conf = annotator_confusions(setting.accuracies(), n_classes=K, style=setting.style)
    votes = simulate_votes(y, conf, seed=setting.seed)  # dense: (n_items, pool_size)
    mask = assignment_mask(
        y.size,
        setting.pool_size,
        per_item=setting.per_item,
        budget=setting.n_labels,
        seed=setting.seed,
    )
    covered = mask.any(axis=1)
    sub, y_sub = np.where(mask, votes, -1)[covered], y[covered]
    n_labels = int(mask.sum())
    nan = np.full(setting.pool_size, np.nan)
    acc, ds_acc, agree = nan, nan, nan
    mv_correct = ds_correct = 0
    if covered.any():
        mv = majority_vote(sub, n_classes=K, seed=setting.seed)
        ds = dawid_skene(sub, n_classes=K)
        mv_correct = int(np.sum(mv == y_sub))
        ds_correct = int(np.sum(ds.labels == y_sub))
        given = sub >= 0  # (n_covered, pool_size)
        n_given = np.maximum(given.sum(axis=0), 1)
        acc = ((sub == y_sub[:, None]) & given).sum(axis=0) / n_given
        agree = ((sub == mv[:, None]) & given).sum(axis=0) / n_given
        ds_acc = np.einsum("k,jkk->j", ds.priors, ds.confusions)
    return CrowdOutcome(
        n_items=y.size,
        n_covered=int(covered.sum()),
        n_labels=n_labels,
        cost=n_labels * setting.price_per_label,
        mv_correct=mv_correct,
        ds_correct=ds_correct,
        annotator_accuracy=acc,
        ds_annotator_accuracy=ds_acc,
        mv_agreement=agree,
    )


def redundancy_curves(
    y_true: np.ndarray,
    accuracies: np.ndarray | list[float],
    *,
    style: str,
    per_item: list[int] | np.ndarray,
    seeds: list[int] | range,
) -> dict[str, np.ndarray]:
    """Accuracy of majority vote, Dawid-Skene and the oracle vs annotators per item.

    Every item is labelled (no budget cap). Returns ``{name: runs}`` with runs of shape
    ``(n_seeds, len(per_item))``, ready for :func:`helpers.ui.plots.median_band`.
    """
    y = np.asarray(y_true)
    K = int(y.max()) + 1
    conf = annotator_confusions(accuracies, n_classes=K, style=style)
    J = conf.shape[0]
    priors = np.bincount(y, minlength=K) / y.size
    out = {
        name: np.zeros((len(seeds), len(per_item)))
        for name in ("majority vote", "Dawid-Skene", "oracle")
    }
    for s, seed in enumerate(seeds):
        dense = simulate_votes(y, conf, seed=seed)
        for i, r in enumerate(per_item):
            v = np.where(
                assignment_mask(y.size, J, per_item=int(r), seed=seed), dense, -1
            )
            out["majority vote"][s, i] = np.mean(
                majority_vote(v, n_classes=K, seed=seed) == y
            )
            out["Dawid-Skene"][s, i] = np.mean(dawid_skene(v, n_classes=K).labels == y)
            post = label_posteriors(v, conf, priors)
            out["oracle"][s, i] = np.mean(post.argmax(axis=1) == y)
    return out


# ------------------------------------------------------------------- plots


def plot_confusions(
    true: np.ndarray,
    estimated: np.ndarray,
    *,
    accuracies: np.ndarray | list[float] | None = None,
    axes: np.ndarray | None = None,
) -> np.ndarray:
    """True (top row) vs estimated (bottom row) confusion matrices, one per annotator.

    ``axes`` is a ``(2, n_annotators)`` array of axes (a new figure when None).
    """
    true, estimated = np.asarray(true), np.asarray(estimated)
    if true.ndim != 3 or true.shape != estimated.shape:
        raise ValueError(
            f"true and estimated must both be (J, K, K), got {true.shape} and "
            f"{estimated.shape}"
        )
    J, K, _ = true.shape
    if axes is None:
        fig, axes = plt.subplots(2, J, figsize=(2.0 * J + 0.6, 4.6), squeeze=False)
        fig.suptitle(
            "Annotators' confusion matrices: true (top) vs Dawid-Skene (below)"
        )
        fig.subplots_adjust(left=0.07, right=0.98, top=0.84, bottom=0.1, wspace=0.3)
    axes = np.asarray(axes).reshape(2, J)
    for j in range(J):
        for row, (mat, name) in enumerate(
            ((true, "simulator"), (estimated, "Dawid-Skene"))
        ):
            ax = axes[row, j]
            ax.imshow(mat[j], vmin=0, vmax=1, cmap="Blues", interpolation="nearest")
            ax.set_xticks(range(K))
            ax.set_yticks(range(K))
            ax.tick_params(labelsize=6, length=0)
            ax.grid(False)
            if row == 0:
                acc = f" (acc {accuracies[j]:.2f})" if accuracies is not None else ""
                ax.set_title(f"annotator {j}{acc}", fontsize=8)
            else:
                ax.set_xlabel("label given", fontsize=7)
            if j == 0:
                ax.set_ylabel(f"{name}\ntrue class", fontsize=7)
    return axes


def plot_redundancy(
    per_item: list[int] | np.ndarray,
    curves: dict[str, np.ndarray],
    *,
    current: tuple[float, float] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Aggregated-label accuracy vs annotators per item (median over seeds, IQR band).

    ``curves`` is what :func:`redundancy_curves` returns; ``current`` marks a point.
    """
    ax = new_ax(ax)
    for name, runs in curves.items():
        style = (
            {"ls": "--", "lw": 1.2} if name == "oracle" else {"marker": "o", "ms": 3}
        )
        median_band(per_item, runs, label=name, ax=ax, color=color_for(name), **style)
    if current is not None:
        ax.plot(*current, "*", ms=14, color=color_for("dawid_skene"), mec="white")
    ax.set_xticks(list(per_item))
    ax.legend(loc="lower right", fontsize="small")  # fixed spot: "best" is slow
    return label_axes(
        ax,
        title="Label accuracy vs redundancy",
        xlabel="annotators per item",
        ylabel="accuracy of aggregated labels",
    )


def plot_annotator_accuracy(outcome: CrowdOutcome, *, ax: Axes | None = None) -> Axes:
    """Each annotator's accuracy: measured on the truth vs estimated without it."""
    ax = new_ax(ax)
    x = np.arange(outcome.annotator_accuracy.size)
    ax.bar(x, outcome.annotator_accuracy, color="#CCCCCC", label="true (measured)")
    ax.plot(
        x,
        outcome.ds_annotator_accuracy,
        "o",
        color=color_for("dawid_skene"),
        label="Dawid-Skene estimate",
    )
    ax.plot(
        x,
        outcome.mv_agreement,
        "x",
        mew=2,
        color=color_for("majority_vote"),
        label="agreement with majority",
    )
    ax.set_xticks(x)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1])
    ax.set_ylim(0, 1.3)
    ax.legend(loc="upper left", ncols=2, fontsize="x-small")
    return label_axes(
        ax,
        title="Annotator quality, found without the truth",
        xlabel="annotator (pool, least accurate first)",
        ylabel="accuracy",
    )


def plot_budget_outcome(outcome: CrowdOutcome, *, ax: Axes | None = None) -> Axes:
    """Items labelled correctly, wrongly, or not at all, for each aggregator."""
    ax = new_ax(ax)
    n, covered = outcome.n_items, outcome.n_covered
    colors = [color_for("correct"), color_for("wrong"), "#DDDDDD"]
    rows = [("majority vote", outcome.mv_correct), ("Dawid-Skene", outcome.ds_correct)]
    widths, lefts = [], []
    for _, right in rows:  # segments: right | wrong | unlabelled
        widths += [right, covered - right, n - covered]
        lefts += [0, right, covered]
    ax.barh(np.repeat([0, 1], 3), widths, left=lefts, color=colors * 2)
    ax.set_yticks([0, 1], [name for name, _ in rows])
    ax.set_xlim(0, n)
    ax.set_ylim(-0.6, 1.9)
    handles = [Patch(color=c) for c in colors]
    ax.legend(
        handles,
        ["right", "wrong", "unlabelled"],
        loc="upper center",
        ncols=3,
        fontsize="small",
    )
    return label_axes(
        ax,
        title=f"Labels bought for ${outcome.cost:,.0f}",
        xlabel=f"items (of {n:,})",
        ylabel="aggregator",
    )


# ------------------------------------------------------------------ widget


def build_crowd_widget(*, quality: float = 0.75, style: str = "systematic"):
    """Annotators per item, quality, error style and budget -> label accuracy and cost.

    All 1,797 digits are the items. A new setting simulates the pool's votes (about
    a millisecond), masks them for the assignment and the budget, and fits
    Dawid-Skene once (tens of milliseconds); settings already seen are remembered, so
    moving back to one only redraws.
    """
    from functools import lru_cache

    from sklearn.datasets import load_digits

    from helpers.ui.widgets import InteractiveFigure, slider, toggle

    y = load_digits().target  # (1797,)

    @lru_cache(maxsize=512)
    def outcome(setting: CrowdSetting) -> CrowdOutcome:
        return crowd_outcome(setting, y)

    def draw(axes: np.ndarray, p: dict) -> str:
        setting = CrowdSetting(
            quality=round(p["quality"], 2),
            style=p["style"],
            per_item=p["per_item"],
            budget=p["budget"],
        )
        out = outcome(setting)
        plot_annotator_accuracy(out, ax=axes[0, 0])
        plot_budget_outcome(out, ax=axes[0, 1])
        return out.to_html()

    controls = {
        "per_item": slider(
            "annotators per item", min=1, max=7, step=1, value=3, integer=True
        ),
        "quality": slider(
            "mean annotator accuracy", min=0.3, max=0.85, step=0.05, value=quality
        ),
        "style": toggle("error style", list(STYLES), value=style),
        "budget": slider(
            "budget ($)", min=25, max=650, step=25, value=300, integer=True
        ),
    }
    return InteractiveFigure(
        controls,
        draw,
        ncols=2,
    )
