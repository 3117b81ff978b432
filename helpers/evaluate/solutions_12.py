"""Expected answers of lesson 12's exercises, computed from the lesson's data."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.core.validation import check_frame, check_seeds
from helpers.evaluate.honest import tuning_optimism
from helpers.evaluate.metrics import check_binary_proba, precision_recall_f1

GROWTH_CHOICES = {"a": 1.0, "b": 2.0, "c": 4.0}
"""Exercise 12.2's options: the MSE increase grows about 1x, 2x or 4x."""


def ex1(y_true: np.ndarray, proba: np.ndarray) -> float:
    """Macro F1 of the rule ``proba >= 0.5``."""
    y_true, proba = check_binary_proba(y_true, proba)
    pred = (proba >= 0.5).astype(int)
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


def ex3(seeds) -> float:
    """Median optimism of tuning on a test set of 50 images (not 150)."""
    seeds = check_seeds(seeds, max_seeds=50)
    runs = tuning_optimism(seeds, test_size=50)
    out = runs.outcomes()
    return float(out.loc[out["rule"] == "tuned on test", "optimism"].median())
