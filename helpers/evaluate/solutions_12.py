"""Expected answers of lesson 12's exercises, computed from the lesson's data."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.core.validation import check_frame, check_real, check_seeds
from helpers.evaluate.honest import tuning_optimism
from helpers.evaluate.metrics import check_binary_proba, precision_recall_f1

OPTIMISM_CHOICES = {
    "a": "larger: each score on 50 images is noisier, so the best of 60 noisy "
    "scores is luckier",
    "b": "smaller: with fewer test images there is less to over-fit",
    "c": "about the same (within 0.2 points): the test size does not matter",
}
"""Exercise 12.3's options: optimism on 50 test images compared with 150."""

GROWTH_CHOICES = {"a": 1.0, "b": 2.0, "c": 4.0}
"""Exercise 12.2's options: the MSE increase grows about 1x, 2x or 4x."""


def ex1(y_true: np.ndarray, proba: np.ndarray, threshold: float = 0.3) -> float:
    """Macro F1 of the rule ``proba >= threshold``."""
    y_true, proba = check_binary_proba(y_true, proba)
    threshold = check_real("threshold", threshold, low=0, high=1)
    pred = (proba >= threshold).astype(int)
    return precision_recall_f1(y_true, pred, average="macro").f1


def ex2(sweep: pd.DataFrame) -> str:
    """The option of :data:`GROWTH_CHOICES` nearest to how much the increase of MSE
    over no outlier grows when the outlier goes from 500 to 1000."""
    sweep = check_frame(sweep, ("size", "mse"), name="sweep").set_index("size")
    for size in (0.0, 500.0, 1000.0):
        if size not in sweep.index:
            raise ValueError(f"sweep must include the outlier size {size:g}")
    base = sweep.loc[0.0, "mse"]
    growth = (sweep.loc[1000.0, "mse"] - base) / (sweep.loc[500.0, "mse"] - base)
    return min(GROWTH_CHOICES, key=lambda k: abs(GROWTH_CHOICES[k] - growth))


def ex3(seeds, *, versus: float | None = None) -> float | str:
    """Median optimism of tuning on a test set of 50 images (not 150); with
    ``versus`` (the median optimism measured on 150 images), the letter of
    :data:`OPTIMISM_CHOICES` that compares the two instead."""
    seeds = check_seeds(seeds, max_seeds=50)
    runs = tuning_optimism(seeds, test_size=50)
    out = runs.outcomes()
    optimism = float(out.loc[out["rule"] == "tuned on test", "optimism"].median())
    if versus is None:
        return optimism
    versus = check_real("versus", versus, low=-1, high=1)
    if abs(optimism - versus) <= 0.002:
        return "c"
    return "a" if optimism > versus else "b"
