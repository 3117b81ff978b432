"""Splitting and validation (lesson 04).

* :func:`three_way_split` -- train / validation / test indices, random or stratified,
  with ratios checked by :func:`check_ratios`; :func:`class_shares` per split.
* :func:`make_cv` -- k-fold, stratified, grouped and time-ordered cross-validation
  behind one name; :func:`fold_report` shows what each fold holds.
* :func:`split_optimism` -- how much a shuffled k-fold flatters a model on grouped or
  time-ordered data (:mod:`helpers.prepare.splitting_data` makes such data).
* :func:`test_estimate_spread` -- how much a test score moves with the split's seed.
* :func:`unlabeled_as_test` -- why samples of a semi-supervised pool are no test set.
* :func:`cv_mean` -- stratified k-fold accuracy of the lesson's model;
  :func:`check_rows` -- row indices, as splits and folds hold them.

The widget's grid lives in :mod:`helpers.prepare.splitting_grid`.
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
from helpers.core.validation import (
    check_array,
    check_choice,
    check_int,
    check_labels,
    check_real,
    check_same_length,
    check_seeds,
)

STRATEGIES = ("random", "stratified")
CV_STRATEGIES = ("kfold", "stratified", "group", "time")
SPLITS = ("train", "validation", "test")
MAX_ROWS = 10_000_000
"""The most rows :func:`split_sizes` and :func:`binomial_std` accept."""


def default_model() -> BaseEstimator:
    """The lesson's model: Gaussian naive Bayes (fast, and blind to feature scale).

    The widget refits it about a thousand times, so speed matters more than the last
    point of accuracy; it needs no scaler, so there is nothing to fit on the wrong rows.
    """
    return GaussianNB()


# -------------------------------------------------------------- three-way splits


def check_ratios(ratios: Iterable[float]) -> tuple[float, float, float]:
    """Validate (train, validation, test) fractions: each in (0, 1), summing to 1."""
    if isinstance(ratios, str) or not isinstance(ratios, Iterable):
        raise TypeError(f"ratios must be three numbers, got {type(ratios).__name__}")
    r = tuple(ratios)
    if len(r) != 3:
        raise ValueError(
            f"ratios must be (train, validation, test), got {len(r)} values"
        )
    r = tuple(_fraction(f"the {s} ratio", x) for s, x in zip(SPLITS, r, strict=True))
    if abs(sum(r) - 1.0) > 1e-6:
        raise ValueError(
            f"ratios must sum to 1, got {r[0]} + {r[1]} + {r[2]} = {sum(r):.4g}"
        )
    return r  # type: ignore[return-value]


def split_sizes(n: int, ratios: Iterable[float]) -> tuple[int, int, int]:
    """Rows per split: validation and test are rounded, training takes the rest
    (``n`` at most :data:`MAX_ROWS`)."""
    n = check_int("n", n, low=1, high=MAX_ROWS)
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

    def __post_init__(self) -> None:
        for name, rows in self.parts().items():
            object.__setattr__(self, name, check_rows(name, rows))
        everything = np.concatenate(list(self.parts().values()))
        if len(np.unique(everything)) < len(everything):
            raise ValueError("train, validation and test must not share rows")

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
    y = check_array("y", y, ndim=1, dtype=None)
    seed = check_int("seed", seed, low=0)
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
    y = check_array("y", y, ndim=1, dtype=None)
    if not isinstance(split, ThreeWaySplit):
        raise TypeError(f"split must be a ThreeWaySplit, got {type(split).__name__}")
    if max(int(ix.max(initial=-1)) for ix in split.parts().values()) >= len(y):
        raise ValueError(f"split holds row indices beyond y's {len(y)} rows")
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
    y = check_array("y", y, ndim=1, dtype=None)
    ratios = check_ratios(ratios)
    seeds = check_seeds(seeds)
    rows = []
    for strategy in STRATEGIES:
        for seed in seeds:
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
    k = check_int("k", k, low=2, high=20)
    seed = check_int("seed", seed, low=0)
    if strategy == "kfold":
        return KFold(k, shuffle=True, random_state=seed)
    if strategy == "stratified":
        return StratifiedKFold(k, shuffle=True, random_state=seed)
    if strategy == "group":
        return GroupKFold(k)
    return TimeSeriesSplit(k)


def cv_mean(X: np.ndarray, y: np.ndarray, *, k: int, seed: int) -> float:
    """Stratified k-fold mean accuracy of :func:`default_model` (no joblib overhead)."""
    X, y = _check_Xy(X, y, labels=True)
    cv = make_cv("stratified", k=k, seed=seed)
    scores = [
        default_model().fit(X[tr], y[tr]).score(X[te], y[te])
        for tr, te in cv.split(X, y)
    ]
    return float(np.mean(scores))


def fold_report(
    cv: Any, X: np.ndarray, y: np.ndarray, groups: np.ndarray | None = None
) -> pd.DataFrame:
    """Per fold: sizes, groups seen on both sides, and whether training is all past."""
    if not hasattr(cv, "split"):
        raise TypeError(f"cv must be a scikit-learn splitter, got {type(cv).__name__}")
    X, y = _check_Xy(X, y)
    if groups is not None:
        groups = check_array("groups", groups, ndim=1, dtype=None)
        check_same_length(X=X, groups=groups)
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
    X, y = _check_Xy(X, y)
    if not isinstance(model, BaseEstimator):
        raise TypeError(
            f"model must be a scikit-learn estimator, got {type(model).__name__}"
        )
    if not hasattr(honest, "split"):
        raise TypeError(
            f"honest must be a scikit-learn splitter, got {type(honest).__name__}"
        )
    if groups is not None:
        groups = check_array("groups", groups, ndim=1, dtype=None)
        check_same_length(X=X, groups=groups)
    k = check_int("k", k, low=2, high=20)
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
    X, y = _check_Xy(X, y, labels=True)
    if not callable(model):
        raise TypeError("model must be a callable that returns a fresh estimator")
    sizes = check_array("test_sizes", test_sizes, ndim=1, dtype=None).tolist()
    sizes = [_fraction("test size", s) for s in sizes]
    seeds = check_seeds(seeds)
    rows = []
    for size in sizes:
        for seed in seeds:
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
    """Standard deviation of an accuracy measured on ``n_test`` independent samples
    (at most :data:`MAX_ROWS`)."""
    accuracy = check_real("accuracy", accuracy, low=0, high=1)
    n_test = check_int("n_test", n_test, low=1, high=MAX_ROWS)
    return float(np.sqrt(accuracy * (1 - accuracy) / n_test))


# ---------------------------------------------------- unlabeled pool as a test set


def unlabeled_as_test(
    *, per_class: int = 5, threshold: float = 0.8, seeds: Iterable[int] = range(3)
) -> pd.DataFrame:
    """Self-training on the digits pool, then three "test" scores per seed.

    ``held_out``: the untouched test set (honest). ``unlabeled_pool``: the pool's
    unlabeled samples, scored against their true labels. ``pseudo_labelled``: only the
    pool samples the model labelled itself and trained on (NaN if it labelled none).
    """
    threshold = _fraction("threshold", threshold)
    per_class = check_int("per_class", per_class, low=1, high=50)
    seeds = check_seeds(seeds)
    s = load_digits_split()
    rows = []
    for seed in seeds:
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
                "pseudo_labelled": (
                    model.score(s.X_pool[pseudo], s.y_pool[pseudo])
                    if len(pseudo)
                    else np.nan
                ),
                "n_pseudo": len(pseudo),
            }
        )
    return pd.DataFrame(rows)


def _check_Xy(X: Any, y: Any, *, labels: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """A 2-D feature matrix and a 1-D target (class ``labels``) of the same length."""
    X = check_array("X", X, ndim=2)
    y = check_labels("y", y) if labels else check_array("y", y, ndim=1)
    check_same_length(X=X, y=y)
    return X, y


def check_rows(name: str, rows: Any, *, n: int | None = None) -> np.ndarray:
    """``rows`` as a non-empty 1-D array of row indices: integers in ``[0, n)``.

    >>> check_rows("test_rows", [0, 5], n=5)
    Traceback (most recent call last):
    ValueError: test_rows must index rows 0..4, got 5
    """
    arr = check_array(name, rows, ndim=1)
    if not np.all(arr == np.round(arr)) or arr.min() < 0:
        raise ValueError(f"{name} must hold row indices (integers >= 0)")
    if n is not None and arr.max() >= n:
        raise ValueError(f"{name} must index rows 0..{n - 1}, got {arr.max():.0f}")
    return arr.astype(int)


def _fraction(name: str, value: Any) -> float:
    """A share of the rows: a number strictly between 0 and 1."""
    return check_real(name, value, low=0, high=1, open_low=True, open_high=True)
