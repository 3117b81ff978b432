"""Evaluation: thresholds, precision and recall (lesson 00; extended in lesson 12)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_curve

from helpers.data import load_digits_split
from helpers.plots import color_for, label_axes, new_ax


@dataclass(frozen=True)
class ThresholdResult:
    """Counts and rates of a binary decision ``score >= threshold``."""

    threshold: float
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        """TP / (TP + FP); NaN when nothing is predicted positive."""
        predicted = self.tp + self.fp
        return self.tp / predicted if predicted else float("nan")

    @property
    def recall(self) -> float:
        """TP / (TP + FN); NaN when there are no positives."""
        actual = self.tp + self.fn
        return self.tp / actual if actual else float("nan")

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        if np.isnan(p) or np.isnan(r) or p + r == 0:
            return float("nan")
        return 2 * p * r / (p + r)

    def to_html(self) -> str:
        def fmt(x: float) -> str:
            return "undefined" if np.isnan(x) else f"{x:.3f}"

        return (
            f"threshold <b>{self.threshold:.2f}</b>: precision <b>{fmt(self.precision)}"
            f"</b>, recall <b>{fmt(self.recall)}</b>, F1 {fmt(self.f1)} "
            f"&nbsp;|&nbsp; TP {self.tp}, FP {self.fp}, FN {self.fn}, TN {self.tn}"
        )


def _check_binary(
    scores: np.ndarray, y_true: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    scores = np.asarray(scores, dtype=float)
    y_true = np.asarray(y_true)
    if scores.ndim != 1 or scores.shape != y_true.shape:
        raise ValueError(
            f"scores and y_true must be 1-D and the same length, got {scores.shape} "
            f"and {y_true.shape}"
        )
    if scores.size == 0:
        raise ValueError("scores must not be empty")
    if not np.isin(y_true, [0, 1, False, True]).all():
        raise ValueError("y_true must hold binary labels (0/1 or False/True)")
    return scores, y_true.astype(bool)


def threshold_metrics(
    scores: np.ndarray, y_true: np.ndarray, *, threshold: float
) -> ThresholdResult:
    """Confusion counts when predicting positive for ``scores >= threshold``."""
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be in [0, 1], got {threshold}")
    scores, y = _check_binary(scores, y_true)
    pred = scores >= threshold
    return ThresholdResult(
        threshold=float(threshold),
        tp=int(np.sum(pred & y)),
        fp=int(np.sum(pred & ~y)),
        fn=int(np.sum(~pred & y)),
        tn=int(np.sum(~pred & ~y)),
    )


@dataclass(frozen=True)
class DigitScores:
    """Predicted class probabilities on the digits test set, shape ``(n_test, 10)``."""

    proba: np.ndarray
    y_test: np.ndarray

    def detector(self, digit: int) -> tuple[np.ndarray, np.ndarray]:
        """One-vs-rest view: (score that the image is ``digit``, is it really)."""
        if digit not in range(self.proba.shape[1]):
            raise ValueError(
                f"digit must be in 0..{self.proba.shape[1] - 1}, got {digit}"
            )
        return self.proba[:, digit], (self.y_test == digit)


def digit_detector_scores(*, C: float = 0.3) -> DigitScores:
    """Train a (deliberately weak) logistic regression on the digits pool once.

    A small ``C`` keeps the probabilities soft, so a threshold has something to trade.
    """
    split = load_digits_split()
    model = LogisticRegression(C=C, max_iter=2000).fit(split.X_pool, split.y_pool)
    return DigitScores(model.predict_proba(split.X_test), split.y_test)


def plot_score_histogram(
    scores: np.ndarray, y_true: np.ndarray, *, threshold: float, ax: Axes | None = None
) -> Axes:
    """Scores of positives and negatives, with the decision threshold."""
    scores, y = _check_binary(scores, y_true)
    ax = new_ax(ax)
    bins = np.linspace(0, 1, 26)
    # Each class's bars sum to 1, so the rare positive class is as visible as the rest
    # (a log axis would do too, but costs ~50 ms per redraw in tick layout).
    for mask, name, label in [(~y, "before", "other digits"), (y, "after", "positive")]:
        weights = np.full(mask.sum(), 1.0 / max(mask.sum(), 1))
        ax.hist(
            scores[mask],
            bins=bins,
            weights=weights,
            alpha=0.65,
            histtype="stepfilled",
            color=color_for(name),
            label=label,
        )
    ax.axvline(threshold, color=color_for("wrong"), lw=2, label="threshold")
    ax.legend(loc="upper center", fontsize="small")  # fixed spot: "best" is slow
    return label_axes(
        ax,
        title="Scores by true class",
        xlabel="model score",
        ylabel="share of the class's images",
    )


def plot_precision_recall(
    scores: np.ndarray,
    y_true: np.ndarray,
    *,
    current: ThresholdResult | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The precision-recall curve, with the current operating point marked."""
    scores, y = _check_binary(scores, y_true)
    ax = new_ax(ax)
    precision, recall, _ = precision_recall_curve(y, scores)
    ax.plot(recall, precision, color=color_for("baseline"), lw=1.5)
    if current is not None and not np.isnan(current.precision):
        ax.plot(current.recall, current.precision, "o", ms=9, color=color_for("wrong"))
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.05)
    return label_axes(
        ax, title="Precision vs recall", xlabel="recall", ylabel="precision"
    )
