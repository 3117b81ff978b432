"""The optimism of a test score used for tuning, measured (lesson 12).

For each seed the digits (pool and test together) are shuffled into four parts:
train, validation, test and fresh. Many k-nearest-neighbour candidates (``k`` and
the weighting) are fitted on train and scored on the other three parts. Tuning
"on test" picks the candidate with the best test score and reports that score;
tuning on validation picks by validation and reports the test score. The fresh part,
never looked at by anyone, tells what each chosen model really scores.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.datasets import load_digits
from sklearn.neighbors import NearestNeighbors

from helpers.core import config
from helpers.core.artefacts import shipped
from helpers.core.validation import check_array, check_int, check_seeds

CANDIDATES: tuple[tuple[int, str], ...] = tuple(
    (k, w) for k in range(1, 31) for w in ("uniform", "distance")
)
"""The candidate settings: ``(n_neighbors, weights)``."""


@dataclass(frozen=True)
class TuningRuns:
    """Accuracy of every candidate on each part, per seed:
    ``scores[seed, candidate, part]`` with parts (validation, test, fresh)."""

    seeds: tuple[int, ...]
    scores: np.ndarray  # (n_seeds, n_candidates, 3)
    test_size: int

    def __post_init__(self) -> None:
        s = check_array("scores", self.scores, ndim=3)
        if s.shape[0] != len(self.seeds) or s.shape[2] != 3:
            raise ValueError(
                f"scores must be (n_seeds, n_candidates, 3), got {s.shape}"
            )
        check_int("test_size", self.test_size, low=1, high=10**6)

    def outcomes(self) -> pd.DataFrame:
        """Per seed and tuning rule: the test score you would report, the fresh
        score of the same model, and the optimism (reported minus fresh)."""
        rows = []
        for i, seed in enumerate(self.seeds):
            val, test, fresh = self.scores[i].T  # (n_candidates,) each
            for rule, pick in (("tuned on test", test), ("tuned on validation", val)):
                j = int(np.argmax(pick))
                rows.append(
                    {
                        "seed": seed,
                        "rule": rule,
                        "reported (test)": test[j],
                        "fresh": fresh[j],
                        "optimism": test[j] - fresh[j],
                    }
                )
        return pd.DataFrame(rows)

    def summary(self) -> pd.DataFrame:
        """Median over seeds of :meth:`outcomes`, one row per rule."""
        out = self.outcomes().drop(columns="seed").groupby("rule").median()
        return out.loc[["tuned on test", "tuned on validation"]]


def tuning_optimism(
    seeds: Iterable[int], *, test_size: int = 150, train_size: int = 300
) -> TuningRuns:
    """Score every candidate of :data:`CANDIDATES` on validation, test and fresh
    parts of the digits for each seed (validation as large as test; the rest fresh).
    """
    seeds = check_seeds(seeds, max_seeds=200)
    test_size = check_int("test_size", test_size, low=20, high=500)
    train_size = check_int("train_size", train_size, low=50, high=800)
    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    out = np.zeros((len(seeds), len(CANDIDATES), 3))
    cuts = np.cumsum([train_size, test_size, test_size])
    for i, seed in enumerate(seeds):
        order = np.random.default_rng(seed).permutation(len(y))
        tr, va, te, fr = np.split(order, cuts)
        rest = np.r_[va, te, fr]
        pred = knn_predictions(X[tr], y[tr], X[rest])  # (n_candidates, n_rest)
        right = pred == y[rest]
        parts = np.split(right, [len(va), len(va) + len(te)], axis=1)
        out[i] = np.stack([p.mean(axis=1) for p in parts], axis=1)
    return TuningRuns(tuple(seeds), out, test_size)


def knn_predictions(
    X_train: np.ndarray, y_train: np.ndarray, X: np.ndarray
) -> np.ndarray:
    """Predictions of every candidate of :data:`CANDIDATES` from ONE neighbour
    search: ``(n_candidates, n)``. Votes of the first ``k`` neighbours, each worth 1
    (uniform) or 1 / distance; ties go to the smallest label, as in scikit-learn."""
    X_train = check_array("X_train", X_train, ndim=2)
    X = check_array("X", X, ndim=2)
    y_train = check_array("y_train", y_train, ndim=1).astype(int)
    k_max = max(k for k, _ in CANDIDATES)
    if len(X_train) != len(y_train) or len(X_train) < k_max:
        raise ValueError(f"X_train and y_train must match and hold >= {k_max} rows")
    dist, idx = NearestNeighbors(n_neighbors=k_max).fit(X_train).kneighbors(X)
    onehot = np.eye(y_train.max() + 1)[y_train[idx]]  # (n, k_max, n_classes)
    weight = 1.0 / np.maximum(dist, 1e-12)  # (n, k_max)
    votes = {
        "uniform": np.cumsum(onehot, axis=1),  # (n, k_max, n_classes): first k
        "distance": np.cumsum(onehot * weight[..., None], axis=1),
    }
    return np.array([votes[w][:, k - 1].argmax(axis=1) for k, w in CANDIDATES])


def optimism_runs() -> TuningRuns:
    """The lesson's run: 40 seeds (fast mode: 20, enough for a stable median), test
    and validation parts of 150 images. Shipped as an artefact in normal mode."""
    n_seeds = config.pick(40, 20)
    return shipped(
        "tuning_optimism",
        lambda: tuning_optimism(range(n_seeds)),
        params={"n_seeds": n_seeds, "test_size": 150, "train_size": 300},
    )
