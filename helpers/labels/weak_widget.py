"""The labeling-function widget of lesson 08: switch rules on and off, see what the
labels and the end model are worth."""

from __future__ import annotations

import numpy as np

from helpers.core.validation import check_int
from helpers.labels.weak_experiment import WeakExperiment, ticket_experiment
from helpers.labels.weak_plots import plot_weak_result
from helpers.ui.widgets import InteractiveFigure, toggle

ON_OFF = [("on", True), ("off", False)]
"""The options of each labeling function's toggle (its value is a bool)."""


def build_lf_widget(*, seed: int = 0) -> InteractiveFigure:
    """Switch labeling functions on and off; see coverage, label and end accuracy.

    The tickets, label matrix, features and baselines are computed once
    (:func:`~helpers.labels.weak_experiment.ticket_experiment`, in ``state``). The
    ten toggles make 1,023 subsets of functions, too many to precompute, so this is
    the one callback that computes: a change refits the label model (EM,
    milliseconds) and the end model (warm-started) for the new subset.
    :meth:`~helpers.labels.weak_experiment.WeakExperiment.run` memoises every subset
    it has scored, so going back to one only redraws.
    """
    seed = check_int("seed", seed, low=0)
    experiment: WeakExperiment = ticket_experiment(seed=seed)
    experiment.warm_up()

    def draw(axes: np.ndarray, params: dict[str, bool]) -> str:
        result = experiment.run([n for n in experiment.names if params[n]])
        plot_weak_result(result, experiment.baselines, ax=axes[0, 0])
        return (
            f"{len(result.active)} functions on: coverage "
            f"<b>{result.coverage:.1%}</b>, "
            f"label accuracy majority vote <b>{result.mv_accuracy:.3f}</b> vs label "
            f"model <b>{result.lm_accuracy:.3f}</b>; end model test accuracy "
            f"<b>{result.end_accuracy:.3f}</b> (dev labels only "
            f"{experiment.baselines['dev only']:.3f}, fully supervised "
            f"{experiment.baselines['supervised']:.3f})"
        )

    controls = {name: toggle(name, ON_OFF, value=True) for name in experiment.names}
    for control in controls.values():
        control.style.button_width = "34px"
        control.layout.width = "215px"
    return InteractiveFigure(
        controls,
        draw,
        figsize=(9.0, 3.0),
        adjust={"left": 0.25, "right": 0.96, "bottom": 0.17, "top": 0.88},
        state=experiment,
    )
