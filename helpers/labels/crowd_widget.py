"""The crowdsourcing widget of lesson 05: annotators per item, quality, error style
and budget -> label accuracy and cost."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from matplotlib.axes import Axes
from sklearn.datasets import load_digits

from helpers.core.validation import check_choice, check_real
from helpers.labels.crowd import STYLES
from helpers.labels.crowd_budget import CrowdOutcome, CrowdSetting, crowd_outcome
from helpers.labels.crowd_plots import plot_annotator_accuracy, plot_budget_outcome
from helpers.ui.widgets import InteractiveFigure, slider, toggle


def build_crowd_widget(
    *, quality: float = 0.75, style: str = "systematic"
) -> InteractiveFigure:
    """Annotators per item, quality, error style and budget -> label accuracy and cost.

    All 1,797 digits are the items. The controls span about 6,500 settings, too many
    to precompute, so this callback computes: a new setting simulates the pool's
    votes (about a millisecond), masks them for the assignment and the budget, and
    fits Dawid-Skene once (tens of milliseconds). The results are memoised
    (``functools.lru_cache``), so moving back to a setting already seen only redraws.

    ``quality`` (the slider's start, in [0.3, 0.85]) and ``style`` set the first
    view. ``state`` holds the items' true classes (``"y_true"``) and the memoised
    ``"outcome(setting)"`` function.
    """
    quality = check_real("quality", quality, low=0.3, high=0.85)
    style = check_choice("style", style, STYLES)
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
        if axes[0, 0].has_data():  # drawn before: update in place
            _move_annotator_accuracy(axes[0, 0], out)
            _move_budget_outcome(axes[0, 1], out)
        else:
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
        state={"y_true": y, "outcome": outcome},
        clear=False,
    )


def _move_annotator_accuracy(ax: Axes, out: CrowdOutcome) -> None:
    """Redraw :func:`plot_annotator_accuracy` in place (the pool keeps its size)."""
    for bar, height in zip(ax.patches, out.annotator_accuracy, strict=True):
        bar.set_height(height)
    ax.lines[0].set_ydata(out.ds_annotator_accuracy)
    ax.lines[1].set_ydata(out.mv_agreement)


def _move_budget_outcome(ax: Axes, out: CrowdOutcome) -> None:
    """Redraw :func:`plot_budget_outcome` in place: the segments right | wrong |
    unlabelled of each aggregator's bar, and the cost in the title."""
    n, covered = out.n_items, out.n_covered
    segments = []
    for right in (out.mv_correct, out.ds_correct):
        segments += [(0, right), (right, covered - right), (covered, n - covered)]
    for bar, (left, width) in zip(ax.patches, segments, strict=True):
        bar.set_x(left)
        bar.set_width(width)
    ax.set_title(f"Labels bought for ${out.cost:,.0f}")
