"""Lesson 12's metric widgets: one threshold moves every classification metric; one
outlier moves MSE, RMSE and MAE by very different amounts."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.image import AxesImage
from matplotlib.text import Text

from helpers.core.validation import check_real
from helpers.evaluate.examples import (
    cancer_scores,
    diabetes_predictions,
    metrics_by_threshold,
    outlier_sweep,
)
from helpers.evaluate.metrics import average_precision, pr_curve, roc_auc, roc_curve
from helpers.evaluate.metrics_plots import (
    plot_confusion_matrix,
    plot_outlier_sweep,
    plot_pr,
    plot_roc,
)
from helpers.ui.widgets import InteractiveFigure, slider

THRESHOLDS = np.round(np.arange(0.02, 0.99, 0.02), 2)
"""The decision thresholds the classification widget offers (precomputed)."""

OUTLIER_SIZES = np.arange(0.0, 1001.0, 50.0)
"""Outlier sizes the regression widget offers (disease-progression units)."""


def build_threshold_metrics_widget(*, positive_share: float = 0.1) -> InteractiveFigure:
    """Move the decision threshold of an imbalanced breast-cancer detector: the
    confusion matrix, accuracy, precision, recall, F1 and the points on the ROC and
    PR curves change together. Everything is computed once, for every threshold."""
    share = check_real("positive_share", positive_share, low=0.02, high=0.5)
    scores = cancer_scores(positive_share=share)
    state = {
        "scores": scores,
        "table": metrics_by_threshold(
            scores.y_true, scores.proba, thresholds=THRESHOLDS
        ),
        "roc": roc_curve(scores.y_true, scores.proba),
        "pr": pr_curve(scores.y_true, scores.proba),
        "roc_auc": roc_auc(scores.y_true, scores.proba),
        "ap": average_precision(scores.y_true, scores.proba),
    }

    live: dict[str, Any] = {}  # artists the first draw made; later draws move them

    def draw(axes: np.ndarray, p: dict[str, Any]) -> str:
        i = int(np.argmin(np.abs(THRESHOLDS - p["threshold"])))
        row = state["table"].iloc[i]
        counts = np.array([[row.tn, row.fp], [row.fn, row.tp]])
        if live:  # only the counts and the two operating points move
            _update_counts(live["image"], live["cells"], counts)
            live["roc"].set_data([row.fpr], [row.recall])
            live["pr"].set_data([row.recall], [row.precision])
        else:
            plot_confusion_matrix(
                counts, names=("benign", "malignant"), ax=axes[0, 0], colorbar=False
            )
            plot_roc(
                state["roc"],
                area=state["roc_auc"],
                point=(row.fpr, row.recall),
                ax=axes[0, 1],
            )
            plot_pr(
                state["pr"],
                base_rate=scores.positive_share,
                area=state["ap"],
                point=(row.recall, row.precision),
                ax=axes[0, 2],
            )
            live.update(
                image=axes[0, 0].images[0],
                cells=list(axes[0, 0].texts),
                roc=axes[0, 1].lines[-1],
                pr=axes[0, 2].lines[-1],
            )
        return (
            f"threshold <b>{row.threshold:.2f}</b>: accuracy <b>{row.accuracy:.3f}"
            f"</b>, precision <b>{row.precision:.3f}</b>, recall <b>{row.recall:.3f}"
            f"</b>, F1 <b>{row.f1:.3f}</b>, false positive rate {row.fpr:.3f}"
        )

    controls = {
        "threshold": slider(
            "decision threshold", min=0.02, max=0.98, step=0.02, value=0.5
        )
    }
    return InteractiveFigure(
        controls,
        draw,
        ncols=3,
        figsize=(11, 3.4),
        dpi=72,
        state=state,
        clear=False,
        adjust={
            "left": 0.1,
            "right": 0.98,
            "bottom": 0.17,
            "top": 0.88,
            "wspace": 0.45,
        },
    )


def _update_counts(image: AxesImage, cells: list[Text], counts: np.ndarray) -> None:
    """Redraw a :func:`plot_confusion_matrix` heat map for new ``counts`` in place:
    the colours (scaled to the largest count, as ``imshow`` does) and the numbers."""
    top = counts.max()
    image.set_data(counts)
    image.set_clim(0, top)
    for cell, n in zip(cells, counts.ravel(), strict=True):
        cell.set_text(f"{n:g}")
        cell.set_color("white" if n > top / 2 else "black")


def build_outlier_widget() -> InteractiveFigure:
    """Add one outlier of a chosen size to the diabetes test targets and watch MSE,
    RMSE and MAE (precomputed for every size on the slider)."""
    run = diabetes_predictions()
    sweep = outlier_sweep(run.y_true, run.y_pred, sizes=OUTLIER_SIZES)
    state = {"run": run, "sweep": sweep}
    live: dict[str, Any] = {}  # the line of the chosen outlier, made by the first draw

    def draw(axes: np.ndarray, p: dict[str, Any]) -> str:
        i = int(np.argmin(np.abs(OUTLIER_SIZES - p["size"])))
        row, base = sweep.iloc[i], sweep.iloc[0]
        if live:  # the curves stay; only the chosen outlier's line moves
            live["line"].set_xdata([row["size"]] * 2)
        else:
            plot_outlier_sweep(sweep, size=float(row["size"]), ax=axes[0, 0])
            live["line"] = axes[0, 0].lines[-1]
        ratios = {k: row[k] / base[k] for k in ("mse", "rmse", "mae")}
        return (
            f"outlier <b>{row['size']:.0f}</b>: "
            f"MSE {base.mse:.0f} → <b>{row.mse:.0f}</b> (×{ratios['mse']:.2f}), "
            f"RMSE {base.rmse:.1f} → <b>{row.rmse:.1f}</b> (×{ratios['rmse']:.2f}), "
            f"MAE {base.mae:.1f} → <b>{row.mae:.1f}</b> (×{ratios['mae']:.2f})"
        )

    controls = {
        "size": slider("outlier size", min=0, max=1000, step=50, value=0, integer=True)
    }
    return InteractiveFigure(
        controls, draw, figsize=(7.5, 3.6), state=state, clear=False
    )
