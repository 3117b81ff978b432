"""Expected answers of lesson 10's exercises, computed (never typed) for the checks.

* :func:`median_gain` -- 10.1, the median (over seeds) gain of one grid cell over real
  only;
* :func:`rebalance_letter` -- 10.2, why rebalancing group B cost the group-blind model
  accuracy on group A, as a multiple-choice letter read off the measurements;
* :func:`near_copy_share` -- 10.3, the privacy check of VAE samples drawn at another
  temperature.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.core.validation import check_array, check_frame, check_labels, check_real
from helpers.synth.groups import GROUPS, group_rule, make_group_data, rebalance_groups
from helpers.synth.synthetic import privacy_check
from helpers.synth.synthetic_digits import DigitsGrid
from helpers.synth.vae import TrainedVAE, generate

DROP = 0.05
"""10.2: a change in group A's accuracy larger than this counts as a loss."""


def median_gain(grid: DigitsGrid, *, source: str, strength: float, ratio: int) -> float:
    """Median over seeds of (accuracy at ``ratio``) - (accuracy at ratio 0)."""
    if not isinstance(grid, DigitsGrid):
        raise TypeError(f"grid must be a DigitsGrid, got {type(grid).__name__}")
    gain = grid.at(source, strength, ratio) - grid.at(source, strength, 0)
    return float(np.median(gain))


def rebalance_letter(results: pd.DataFrame, *, n_minor: int = 20) -> str:
    """10.2: (a) one linear boundary must now serve both groups' rules, (b) the
    synthetic rows of group B carry wrong labels, or (c) group A lost training rows?

    Read off ``results`` (:func:`~helpers.synth.groups.group_bias_experiment`): how
    much group A's median accuracy fell under SMOTE for each model; and off one
    SMOTE rebalancing: the share of synthetic group-B rows whose label agrees with
    group B's own rule. Rebalancing only adds rows, so (c) is never the answer:
    measurements that fit neither (a) nor (b) raise a ValueError.
    """
    frame = check_frame(
        results, ("model", "balancing", "group", "accuracy"), name="results"
    )
    med = frame.groupby(["model", "balancing", "group"])["accuracy"].median()
    try:
        drop = {
            model: med[(model, "none", GROUPS[0])] - med[(model, "SMOTE", GROUPS[0])]
            for model in ("group-blind", "with group terms")
        }
    except KeyError as err:
        raise ValueError(
            f"results lack the cell {err}; run group_bias_experiment"
        ) from err
    X, y, g = make_group_data(400, n_minor, seed=0)
    Xs, ys, gs = rebalance_groups(X, y, g, method="SMOTE", seed=0)
    new = np.arange(len(ys)) >= len(y)  # (n_new,) the synthetic rows
    agree = float((ys[new & (gs == 1)] == group_rule(Xs, gs)[new & (gs == 1)]).mean())
    if agree < 0.8:
        return "b"
    if drop["group-blind"] > DROP and drop["with group terms"] < DROP:
        return "a"
    raise ValueError(
        "the measurements fit no choice of 10.2: group A's accuracy fell by "
        f"{drop['group-blind']:.3f} for the group-blind model and by "
        f"{drop['with group terms']:.3f} with group terms under SMOTE (expected more "
        f"than {DROP} and less than {DROP}), and the synthetic group-B rows follow "
        f"group B's rule ({agree:.0%})"
    )


def near_copy_share(
    vae: TrainedVAE,
    requested: np.ndarray,
    X_train: np.ndarray,
    X_holdout: np.ndarray,
    *,
    temperature: float,
    seed: int = 0,
) -> float:
    """10.3: share of VAE samples at ``temperature`` closer to the training digits
    than the closest 5 % of held-out digits are."""
    if not isinstance(vae, TrainedVAE):
        raise TypeError(f"vae must be a TrainedVAE, got {type(vae).__name__}")
    requested = check_labels("requested", requested)
    X_train = check_array("X_train", X_train, ndim=2)
    X_holdout = check_array("X_holdout", X_holdout, ndim=2)
    temperature = check_real("temperature", temperature, low=0)
    samples = generate(vae, requested, temperature=temperature, seed=seed)
    return float(privacy_check(samples, X_train, X_holdout).near_copy_share)
