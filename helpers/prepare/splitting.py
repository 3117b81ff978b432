"""Splitting and validation (lesson 04).

* :func:`three_way_split` -- train / validation / test indices, random or stratified,
  with ratios checked by :func:`check_ratios`; :func:`class_shares` per split.
* :func:`make_cv` -- k-fold, stratified, grouped and time-ordered cross-validation
  behind one name; :func:`fold_report` shows what each fold holds.
* :func:`make_grouped_data`, :func:`make_time_series` -- seeded data where a random
  split is too optimistic, and :func:`split_optimism` measures by how much.
* :func:`test_estimate_spread` -- how much a test score moves with the split's seed.
* :func:`unlabeled_as_test` -- why samples of a semi-supervised pool are no test set.
* :func:`cv_mean` -- stratified k-fold accuracy; the widget: :func:`split_grid`
  precomputes, :func:`split_view` selects.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import (
    GroupKFold,
    KFold,
    StratifiedKFold,
    TimeSeriesSplit,
    cross_val_score,
    train_test_split,
)
from sklearn.naive_bayes import GaussianNB
from sklearn.semi_supervised import SelfTrainingClassifier

from helpers.core.data import labelled_subset, load_digits_split
from helpers.core.validation import check_choice, check_seeds

STRATEGIES = ("random", "stratified")
CV_STRATEGIES = ("kfold", "stratified", "group", "time")
SPLITS = ("train", "validation", "test")


def default_model() -> BaseEstimator:
    """The lesson's model: Gaussian naive Bayes (fast, and blind to feature scale).

    The widget refits it about a thousand times, so speed matters more than the last
    point of accuracy; it needs no scaler, so there is nothing to fit on the wrong rows.
    """
    return GaussianNB()


# -------------------------------------------------------------- three-way splits


def check_ratios(ratios: Iterable[float]) -> tuple[float, float, float]:
    """Validate (train, validation, test) fractions: each in (0, 1), summing to 1."""
    r = tuple(float(x) for x in ratios)
    if len(r) != 3:
        raise ValueError(
            f"ratios must be (train, validation, test), got {len(r)} values"
        )
    if not all(0.0 < x < 1.0 for x in r):
        raise ValueError(f"every ratio must be in (0, 1), got {r}")
    if abs(sum(r) - 1.0) > 1e-6:
        raise ValueError(
            f"ratios must sum to 1, got {r[0]} + {r[1]} + {r[2]} = {sum(r):.4g}"
        )
    return r  # type: ignore[return-value]


def split_sizes(n: int, ratios: Iterable[float]) -> tuple[int, int, int]:
    """Rows per split: validation and test are rounded, training takes the rest."""
    r = check_ratios(ratios)
    n_val, n_test = round(n * r[1]), round(n * r[2])
    sizes = (n - n_val - n_test, n_val, n_test)
    if min(sizes) < 1:
        raise ValueError(
            f"{n} samples are too few for ratios {r}: the splits would hold {sizes}"
        )
    return sizes


@dataclass(frozen=True)
class ThreeWaySplit:
    """Row indices of the training, validation and test splits (disjoint, sorted)."""

    train: np.ndarray
    validation: np.ndarray
    test: np.ndarray

    def parts(self) -> dict[str, np.ndarray]:
        return {"train": self.train, "validation": self.validation, "test": self.test}

    @property
    def sizes(self) -> tuple[int, int, int]:
        return (len(self.train), len(self.validation), len(self.test))


def three_way_split(
    y: np.ndarray,
    *,
    ratios: Iterable[float] = (0.7, 0.15, 0.15),
    strategy: str = "stratified",
    seed: int = 0,
) -> ThreeWaySplit:
    """Split row indices ``0..len(y)-1`` into train / validation / test.

    ``"random"`` shuffles and cuts; ``"stratified"`` keeps every class's share (nearly)
    equal in all three splits. Sizes come from :func:`split_sizes`.
    """
    check_choice("strategy", strategy, STRATEGIES)
    y = np.asarray(y)
    if y.ndim != 1 or y.size == 0:
        raise ValueError(f"y must be a non-empty 1-D array, got shape {y.shape}")
    n_train, n_val, n_test = split_sizes(len(y), ratios)
    idx = np.arange(len(y))
    if strategy == "random":
        perm = np.random.default_rng(seed).permutation(idx)
        parts = np.split(perm, [n_train, n_train + n_val])
    else:
        classes, counts = np.unique(y, return_counts=True)
        if counts.min() < 3:
            raise ValueError(
                "stratified splitting needs at least 3 samples of every class; "
                f"class {classes[counts.argmin()]!r} has {counts.min()}"
            )
        rest, test = train_test_split(
            idx, test_size=n_test, stratify=y, random_state=seed
        )
        train, val = train_test_split(
            rest, test_size=n_val, stratify=y[rest], random_state=seed
        )
        parts = [train, val, test]
    return ThreeWaySplit(*(np.sort(p) for p in parts))


def class_shares(y: np.ndarray, split: ThreeWaySplit) -> pd.DataFrame:
    """Share of each class in each split (rows), with the whole data set as ``all``."""
    y = np.asarray(y)
    classes = np.unique(y)
    rows = {
        name: [np.mean(y[ix] == c) for c in classes]
        for name, ix in split.parts().items()
    }
    rows["all"] = [np.mean(y == c) for c in classes]
    return pd.DataFrame(rows, index=pd.Index(classes, name="class")).T


def balance_over_seeds(
    y: np.ndarray,
    *,
    ratios: Iterable[float] = (0.7, 0.15, 0.15),
    seeds: Iterable[int] = range(20),
) -> pd.DataFrame:
    """Largest class-share gap from the whole data, per seed and strategy."""
    rows = []
    for strategy in STRATEGIES:
        for seed in check_seeds(seeds):
            shares = class_shares(
                y, three_way_split(y, ratios=ratios, strategy=strategy, seed=seed)
            )
            gap = (shares.loc[list(SPLITS)] - shares.loc["all"]).abs().to_numpy().max()
            rows.append({"strategy": strategy, "seed": seed, "max_share_gap": gap})
    return pd.DataFrame(rows)


# ------------------------------------------------------------- cross-validation


def make_cv(strategy: str, *, k: int = 5, seed: int = 0) -> Any:
    """A scikit-learn splitter: ``kfold`` and ``stratified`` shuffle with ``seed``;
    ``group`` keeps each group in one fold; ``time`` trains on the past only."""
    check_choice("cv strategy", strategy, CV_STRATEGIES)
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or not 2 <= k <= 20:
        raise ValueError(f"k must be an integer in [2, 20], got {k!r}")
    if strategy == "kfold":
        return KFold(k, shuffle=True, random_state=seed)
    if strategy == "stratified":
        return StratifiedKFold(k, shuffle=True, random_state=seed)
    if strategy == "group":
        return GroupKFold(k)
    return TimeSeriesSplit(k)


def fold_report(
    cv: Any, X: np.ndarray, y: np.ndarray, groups: np.ndarray | None = None
) -> pd.DataFrame:
    """Per fold: sizes, groups seen on both sides, and whether training is all past."""
    rows = []
    with warnings.catch_warnings():  # splitters without groups say they ignore them
        warnings.filterwarnings("ignore", message="The groups parameter is ignored")
        folds = list(cv.split(X, y, groups))
    for i, (tr, te) in enumerate(folds):
        shared = (
            len(np.intersect1d(groups[tr], groups[te])) if groups is not None else 0
        )
        rows.append(
            {
                "fold": i,
                "n_train": len(tr),
                "n_test": len(te),
                "groups_in_both": shared,
                "train_before_test": bool(tr.max() < te.min()),
            }
        )
    return pd.DataFrame(rows).set_index("fold")


def make_grouped_data(
    *, n_groups: int = 40, per_group: int = 10, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(X, y, groups): recordings of patients, ``per_group`` each.

    Every patient has a personal signature (a random offset) much larger than the weak
    signal of the label, and one label for all their recordings. A model that has seen
    a patient recognises them; a new patient must be judged on the weak signal.
    """
    if n_groups < 4 or per_group < 1:
        raise ValueError(
            f"need n_groups >= 4 and per_group >= 1, got {n_groups}, {per_group}"
        )
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.arange(n_groups) % 2)  # (n_groups,)
    signature = rng.normal(0, 3.0, size=(n_groups, 5))  # (n_groups, 5)
    groups = np.repeat(np.arange(n_groups), per_group)  # (n,)
    y = labels[groups]
    X = signature[groups] + rng.normal(0, 0.5, size=(len(groups), 5))  # (n, 5)
    X[:, 0] += 0.8 * y  # the weak, real signal
    return X, y, groups


def make_time_series(
    *, n_days: int = 730, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """(X, y): daily demand that drifts (a random walk) plus a weekly pattern.

    Features are the day number and one-hot weekday; the level on a given day is only
    knowable from its neighbours in time, which a random split hands to the model.
    """
    if n_days < 60:
        raise ValueError(f"n_days must be at least 60, got {n_days}")
    rng = np.random.default_rng(seed)
    day = np.arange(n_days)
    level = 100 + np.cumsum(rng.normal(0, 2.0, n_days))
    weekly = np.array([0, 2, 3, 3, 5, 12, 8])[day % 7]
    y = level + weekly + rng.normal(0, 2.0, n_days)
    X = np.column_stack([day, np.eye(7)[day % 7]])  # (n_days, 8)
    return X, y


def split_optimism(
    X: np.ndarray,
    y: np.ndarray,
    model: BaseEstimator,
    *,
    honest: Any,
    groups: np.ndarray | None = None,
    k: int = 5,
    seeds: Iterable[int] = range(5),
    scoring: str | None = None,
) -> pd.DataFrame:
    """Cross-validated score, shuffled k-fold vs an ``honest`` splitter, per seed."""
    rows = []
    for seed in check_seeds(seeds):
        rand = cross_val_score(
            model, X, y, cv=make_cv("kfold", k=k, seed=seed), scoring=scoring
        ).mean()
        fair = cross_val_score(
            model, X, y, cv=honest, groups=groups, scoring=scoring
        ).mean()
        rows.append({"seed": seed, "random_kfold": rand, "honest": fair})
    return pd.DataFrame(rows)


# -------------------------------------------------------- spread of the estimate


def test_estimate_spread(
    X: np.ndarray,
    y: np.ndarray,
    *,
    test_sizes: Iterable[float] = (0.1, 0.2, 0.3, 0.5),
    seeds: Iterable[int] = range(20),
    model: Callable[[], BaseEstimator] = default_model,
) -> pd.DataFrame:
    """Test accuracy for each (test size, seed): stratified split, model refitted."""
    rows = []
    for size in test_sizes:
        if not 0 < size < 1:
            raise ValueError(f"test sizes must be in (0, 1), got {size}")
        for seed in check_seeds(seeds):
            a, b, ya, yb = train_test_split(
                X, y, test_size=size, stratify=y, random_state=seed
            )
            rows.append(
                {
                    "test_size": size,
                    "n_test": len(yb),
                    "seed": seed,
                    "accuracy": model().fit(a, ya).score(b, yb),
                }
            )
    return pd.DataFrame(rows)


def binomial_std(accuracy: float, n_test: int) -> float:
    """Standard deviation of an accuracy measured on ``n_test`` independent samples."""
    if n_test < 1 or not 0 <= accuracy <= 1:
        raise ValueError(
            f"need n_test >= 1 and accuracy in [0, 1], got {n_test}, {accuracy}"
        )
    return float(np.sqrt(accuracy * (1 - accuracy) / n_test))


# ---------------------------------------------------- unlabeled pool as a test set


def unlabeled_as_test(
    *, per_class: int = 5, threshold: float = 0.8, seeds: Iterable[int] = range(3)
) -> pd.DataFrame:
    """Self-training on the digits pool, then three "test" scores per seed.

    ``held_out``: the untouched test set (honest). ``unlabeled_pool``: the pool's
    unlabeled samples, scored against their true labels. ``pseudo_labelled``: only the
    pool samples the model labelled itself and trained on.
    """
    if not 0 < threshold < 1:
        raise ValueError(f"threshold must be in (0, 1), got {threshold}")
    s = load_digits_split()
    rows = []
    for seed in check_seeds(seeds):
        lab = labelled_subset(s.y_pool, per_class=per_class, seed=seed)
        y_semi = np.full_like(s.y_pool, -1)  # -1 marks "unlabeled" for scikit-learn
        y_semi[lab] = s.y_pool[lab]
        model = SelfTrainingClassifier(
            LogisticRegression(max_iter=1000), threshold=threshold, max_iter=10
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.fit(s.X_pool, y_semi)
        unl = np.setdiff1d(np.arange(len(s.y_pool)), lab)
        pseudo = unl[model.labeled_iter_[unl] > 0]
        rows.append(
            {
                "seed": seed,
                "held_out": model.score(s.X_test, s.y_test),
                "unlabeled_pool": model.score(s.X_pool[unl], s.y_pool[unl]),
                "pseudo_labelled": model.score(s.X_pool[pseudo], s.y_pool[pseudo]),
                "n_pseudo": len(pseudo),
            }
        )
    return pd.DataFrame(rows)
