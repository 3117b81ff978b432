"""A crowd under a budget: scenarios and what they buy (lesson 05, compute).

Builds on :mod:`helpers.labels.crowd` (simulated annotators and the aggregators): a
:class:`CrowdSetting` is one scenario (pool quality, error style, annotators per item,
budget), :func:`crowd_outcome` measures what majority vote and Dawid-Skene recover from
it, and :func:`redundancy_curves` measures label accuracy against annotators per item.
Their figures are in :mod:`helpers.labels.crowd_plots`, the widget that moves these
knobs in :mod:`helpers.labels.crowd_widget`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from helpers.core.validation import (
    check_array,
    check_choice,
    check_int,
    check_labels,
    check_real,
    check_seeds,
)
from helpers.labels.crowd import (
    STYLES,
    annotator_confusions,
    assignment_mask,
    dawid_skene,
    label_posteriors,
    simulate_votes,
)
from helpers.labels.votes import (
    MAX_CLASSES,
    MAX_ITEMS,
    MAX_VOTERS,
    majority_vote,
)


@dataclass(frozen=True)
class CrowdSetting:
    """One crowdsourcing scenario: a pool of annotators, an assignment and a budget.

    The pool's accuracies are spread evenly over ``quality ± spread`` (clipped to
    [0, 1]); each item gets ``per_item`` annotators from the pool; the budget buys
    ``budget / price_per_label`` labels (whole items only). At most
    :data:`~helpers.labels.votes.MAX_VOTERS` annotators in the pool and
    :data:`~helpers.labels.votes.MAX_CLASSES` classes.
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

    def __post_init__(self) -> None:
        check_real("quality", self.quality, low=0, high=1)
        check_choice("style", self.style, STYLES)
        check_int("pool_size", self.pool_size, low=1, high=MAX_VOTERS)
        check_int("per_item", self.per_item, low=1, high=self.pool_size)
        check_real("budget", self.budget, low=0)
        check_real("spread", self.spread, low=0, high=1)
        check_real("price_per_label", self.price_per_label, low=0, open_low=True)
        check_int("n_classes", self.n_classes, low=2, high=MAX_CLASSES)
        check_int("seed", self.seed, low=0)

    def accuracies(self) -> np.ndarray:
        """The pool's accuracies, lowest first, shape ``(pool_size,)``."""
        offsets = np.linspace(-self.spread, self.spread, self.pool_size)
        return np.clip(self.quality + offsets, 0.0, 1.0)

    @property
    def n_labels(self) -> int:
        """Labels the budget buys."""
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

    def __post_init__(self) -> None:
        n = check_int("n_items", self.n_items, low=1, high=MAX_ITEMS)
        covered = check_int("n_covered", self.n_covered, low=0, high=n)
        check_int("n_labels", self.n_labels, low=0)
        check_real("cost", self.cost, low=0)
        check_int("mv_correct", self.mv_correct, low=0, high=covered)
        check_int("ds_correct", self.ds_correct, low=0, high=covered)
        # NaN accuracies are allowed: they mean "no labels bought"
        arrays = {
            name: check_array(name, getattr(self, name), ndim=1, finite=False)
            for name in ("annotator_accuracy", "ds_annotator_accuracy", "mv_agreement")
        }
        if len({a.size for a in arrays.values()}) > 1:
            sizes = ", ".join(f"{k} {a.size}" for k, a in arrays.items())
            raise ValueError(
                f"the per-annotator arrays must have one size, got {sizes}"
            )

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
    if not isinstance(setting, CrowdSetting):
        raise TypeError(f"setting must be a CrowdSetting, got {type(setting).__name__}")
    y = check_labels("y_true", y_true, n_classes=setting.n_classes)
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

    Every item is labelled (no budget cap). ``per_item`` values lie in
    ``1..len(accuracies)``. Returns ``{name: runs}`` with runs of shape
    ``(n_seeds, len(per_item))``, ready for :func:`helpers.ui.plots.median_band`.
    """
    y = check_labels("y_true", y_true)
    if y.min() < 0:
        raise ValueError(f"y_true must hold classes 0, 1, ..., got {y.min()}")
    style = check_choice("style", style, STYLES)
    check_array("per_item", per_item, ndim=1)  # non-empty, no NaN
    seeds = check_seeds(seeds)
    K = int(y.max()) + 1
    conf = annotator_confusions(accuracies, n_classes=K, style=style)
    J = conf.shape[0]
    per_item = [check_int("per_item", r, low=1, high=J) for r in per_item]
    priors = np.bincount(y, minlength=K) / y.size
    out = {
        name: np.zeros((len(seeds), len(per_item)))
        for name in ("majority vote", "Dawid-Skene", "oracle")
    }
    for s, seed in enumerate(seeds):
        dense = simulate_votes(y, conf, seed=seed)
        for i, r in enumerate(per_item):
            v = np.where(assignment_mask(y.size, J, per_item=r, seed=seed), dense, -1)
            out["majority vote"][s, i] = np.mean(
                majority_vote(v, n_classes=K, seed=seed) == y
            )
            out["Dawid-Skene"][s, i] = np.mean(dawid_skene(v, n_classes=K).labels == y)
            post = label_posteriors(v, conf, priors)
            out["oracle"][s, i] = np.mean(post.argmax(axis=1) == y)
    return out
