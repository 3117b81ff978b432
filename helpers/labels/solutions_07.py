"""Expected answers of lesson 07's exercises, computed from the lesson's data.

The check cells call these, so no expected value is typed in or printed before the
student answers.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers.core.data import DigitsSplit
from helpers.core.validation import check_array, check_int
from helpers.labels.active_loop import run_active_learning
from helpers.labels.strategies import (
    entropy_scores,
    get_strategy,
    hybrid,
    margin_scores,
)

LETTERS = ("a", "b", "c")
"""07.3's choices: with ``pre_factor=1`` the hybrid equals (a) margin sampling,
(b) k-means, (c) random sampling."""


def ex1_margin(p: np.ndarray) -> float:
    """07.1: the margin score ``1 - (p_(1) - p_(2))`` of one probability vector."""
    p = check_array("p", p, ndim=1)
    return float(margin_scores(p[None, :])[0])


def ex2_max_entropy(n_classes: int) -> float:
    """07.2: the largest entropy (nats) of a prediction over ``n_classes`` classes,
    reached by the uniform prediction."""
    n_classes = check_int("n_classes", n_classes, low=2, high=1_000_000)
    return float(entropy_scores(np.full((1, n_classes), 1.0 / n_classes))[0])


def ex3_letter(
    model: Any, X: np.ndarray, *, batch_size: int = 10, seed: int = 0
) -> str:
    """07.3: which strategy the hybrid with ``pre_factor=1`` picks the same batch as,
    on the pool ``X`` with the fitted ``model``."""
    batch_size = check_int("batch_size", batch_size, low=1, high=len(X))
    seed = check_int("seed", seed, low=0)
    picked = set(
        hybrid(
            model,
            X,
            batch_size=batch_size,
            rng=np.random.default_rng(seed),
            pre_factor=1,
        ).tolist()
    )
    for letter, name in zip(LETTERS, ("margin", "kmeans", "random_query"), strict=True):
        strategy = get_strategy("random" if name == "random_query" else name)
        other = strategy(
            model, X, batch_size=batch_size, rng=np.random.default_rng(seed)
        )
        if picked == set(np.asarray(other).tolist()):
            return letter
    return "c"


def ex4_accuracy(
    digits: DigitsSplit,
    start: np.ndarray,
    *,
    batch_size: int = 5,
    budget: int = 100,
    seed: int = 0,
) -> float:
    """07.4: test accuracy at ``budget`` labels of section 5's margin loop with
    batches of ``batch_size``."""
    if not isinstance(digits, DigitsSplit):
        raise TypeError(f"digits must be a DigitsSplit, got {type(digits).__name__}")
    run = run_active_learning(
        digits.X_pool,
        digits.y_pool,
        digits.X_test,
        digits.y_test,
        strategy="margin",
        start=start,
        batch_size=batch_size,
        budget=budget,
        seed=seed,
    )
    return float(run.accuracy[-1])
