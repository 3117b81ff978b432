"""What contrastive pretraining buys: linear probes against raw pixels and PCA.

* :func:`linear_probe` -- logistic regression on frozen features with ``n`` labels
  per class, the standard test of a representation; :func:`probe_scorer` is the same
  probe as a ``score(indices, seed)`` function for
  :func:`helpers.labels.curves.accuracy_vs_labels`.
* :func:`pretrained_run` -- lesson 09's SimCLR run on the digits pool, cached.
* :func:`feature_sets` (:func:`baseline_sets` and the learned one) and
  :func:`probe_curves` -- raw pixels, PCA and the learned
  representation, probed over a range of label budgets and seeds;
  :func:`probe_summary` tabulates the medians and :func:`label_curve` turns one
  feature set's results into a :class:`helpers.labels.curves.LabelCurve` (for
  :func:`helpers.labels.curves.labels_to_reach`).

The figures of these results are in :mod:`helpers.represent.probe_plots`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression

from helpers.core import artefacts, config
from helpers.core.data import DigitsSplit, load_digits_split
from helpers.core.validation import (
    check_array,
    check_choice,
    check_frame,
    check_int,
    check_labels,
    check_real,
    check_same_length,
    check_seeds,
)
from helpers.labels.curves import LabelCurve, ScoreFn, accuracy_vs_labels
from helpers.represent.contrastive import SimCLRConfig, SimCLRRun, train_simclr

FEATURES = ("contrastive", "raw pixels", "pca")
PCA_COMPONENTS = 32
COLUMNS = ("features", "per_class", "n_labels", "seed", "accuracy")


def probe_scorer(
    train_features: np.ndarray,
    train_labels: np.ndarray,
    test_features: np.ndarray,
    test_labels: np.ndarray,
    *,
    C: float = 1.0,
) -> ScoreFn:
    """The linear probe as ``score(indices, seed) -> test accuracy``.

    The returned function fits logistic regression on the training rows at
    ``indices`` and scores it on the whole test set (``seed`` is unused: the fit is
    deterministic). Features are centred and divided by their overall standard
    deviation (one number, learned on all training features), so one regularisation
    strength ``C`` suits raw pixels, PCA and learned features alike without
    re-weighting individual features.
    """
    a = check_array("train_features", train_features, ndim=2)
    b = check_array("test_features", test_features, ndim=2)
    if a.shape[1] != b.shape[1]:
        raise ValueError(
            f"features must be 2-D with the same width, got {a.shape} and {b.shape}"
        )
    y = check_labels("train_labels", train_labels)
    y_test = check_labels("test_labels", test_labels)
    check_same_length(train_features=a, train_labels=y)
    check_same_length(test_features=b, test_labels=y_test)
    C = check_real("C", C, low=0, open_low=True)
    mean, scale = a.mean(axis=0), a.std() or 1.0
    a, b = (a - mean) / scale, (b - mean) / scale

    def score(indices: np.ndarray, seed: int = 0) -> float:
        model = LogisticRegression(C=C, max_iter=2000).fit(a[indices], y[indices])
        return float(model.score(b, y_test))

    return score


def linear_probe(
    train_features: np.ndarray,
    train_labels: np.ndarray,
    test_features: np.ndarray,
    test_labels: np.ndarray,
    *,
    per_class: int | None,
    seeds: Sequence[int] = (0,),
    C: float = 1.0,
) -> np.ndarray:
    """Test accuracy of :func:`probe_scorer`'s probe, one per seed, shape (n_seeds,).

    Each seed draws ``per_class`` labelled examples per class from the training
    set, as :func:`helpers.labels.curves.accuracy_vs_labels` does (``None``: use
    every training label, one fit, shape (1,)).
    """
    score = probe_scorer(train_features, train_labels, test_features, test_labels, C=C)
    y = check_labels("train_labels", train_labels)
    if per_class is None:
        return np.array([score(np.arange(len(y)), 0)])
    per_class = check_int("per_class", per_class, low=1, high=len(y))
    curve = accuracy_vs_labels(score, y, per_class=[per_class], seeds=seeds)
    return curve.accuracy[:, 0]


# ---------------------------------------------------------- the lesson's run


def main_config(*, fast: bool | None = None) -> SimCLRConfig:
    """Lesson 09's SimCLR settings: 60 epochs (8 in fast mode).

    ``fast`` overrides :data:`helpers.core.config.FAST` (the benchmark asks for normal).
    """
    return SimCLRConfig(lr=2e-3, epochs=config.pick(normal=60, fast=8, is_fast=fast))


def pretrained_run(
    run_config: SimCLRConfig | None = None, *, verbose: bool = True
) -> SimCLRRun:
    """SimCLR on the (unlabelled) digits pool, through the cache.

    The final snapshot holds the representation of the pool followed by the test
    set; the labels are never used.
    """
    run_config = run_config or main_config()
    if not isinstance(run_config, SimCLRConfig):
        raise TypeError(
            f"run_config must be a SimCLRConfig, got {type(run_config).__name__}"
        )
    split = load_digits_split()
    eval_images = np.concatenate([split.images_pool, split.images_test])
    return artefacts.shipped(
        "simclr_digits",
        lambda: train_simclr(
            split.images_pool,
            config=run_config,
            eval_images=eval_images,
            snapshot_epochs=(0,),
        ),
        params=run_config.as_params(),
        verbose=verbose,
    )


def baseline_sets(split: DigitsSplit) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """``{name: (pool features, test features)}`` for the two representations that
    need no training: raw pixels and :data:`PCA_COMPONENTS` principal components
    (fitted on the pool)."""
    _check_split(split)
    pca = PCA(PCA_COMPONENTS, random_state=0).fit(split.X_pool)
    return {
        "raw pixels": (split.X_pool, split.X_test),
        "pca": (pca.transform(split.X_pool), pca.transform(split.X_test)),
    }


def feature_sets(
    run: SimCLRRun, split: DigitsSplit, *, epoch: int | None = None
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """``{name: (pool features, test features)}`` for the three representations:
    the run's (``epoch`` picks a snapshot, default the last) and
    :func:`baseline_sets`."""
    if not isinstance(run, SimCLRRun):
        raise TypeError(f"run must be a SimCLRRun, got {type(run).__name__}")
    _check_split(split)
    if epoch is not None:
        check_choice("epoch", epoch, sorted(run.snapshots))
    snap = run.final if epoch is None else run.snapshots[epoch]
    n_pool = len(split.y_pool)
    if len(snap.features) != n_pool + len(split.y_test):
        raise ValueError(
            "the run's snapshots must cover the pool followed by the test set"
        )
    learned = (snap.features[:n_pool], snap.features[n_pool:])
    return {"contrastive": learned, **baseline_sets(split)}


def probe_curves(
    sets: dict[str, tuple[np.ndarray, np.ndarray]],
    split: DigitsSplit,
    *,
    per_class: Sequence[int] = (1, 2, 5, 10, 20, 50),
    seeds: Sequence[int] = range(5),
) -> pd.DataFrame:
    """Linear-probe accuracy for every feature set, label budget and seed.

    Each feature set's learning curve is measured by
    :func:`helpers.labels.curves.accuracy_vs_labels` with :func:`probe_scorer`.
    Returns a long table with columns ``features``, ``per_class`` (``0`` stands for
    every pool label, a single fit), ``n_labels`` (labels in total), ``seed`` and
    ``accuracy``.
    """
    if not isinstance(sets, dict) or not sets:
        raise ValueError("sets must map feature names to (pool, test) features")
    if any(not isinstance(v, tuple) or len(v) != 2 for v in sets.values()):
        raise ValueError("sets must map feature names to (pool, test) pairs")
    _check_split(split)
    seeds = check_seeds(seeds)
    n_pool = len(split.y_pool)
    per_class = [check_int("per_class", n, low=1, high=n_pool) for n in per_class]
    if not per_class:
        raise ValueError("per_class must name at least one budget")
    rows = []
    for name, (pool, test) in sets.items():
        score = probe_scorer(pool, split.y_pool, test, split.y_test)
        curve = accuracy_vs_labels(
            score, split.y_pool, per_class=per_class, seeds=seeds
        )
        for j, n in enumerate(per_class):
            total = int(curve.n_labels[j])
            rows += [
                (name, n, total, s, curve.accuracy[i, j]) for i, s in enumerate(seeds)
            ]
        rows.append((name, 0, n_pool, 0, score(np.arange(n_pool), 0)))
    return pd.DataFrame(rows, columns=list(COLUMNS))


def label_curve(curves: pd.DataFrame, features: str) -> LabelCurve:
    """One feature set's results in :func:`probe_curves` as a
    :class:`helpers.labels.curves.LabelCurve` (the ``per_class > 0`` budgets only)."""
    check_frame(curves, COLUMNS)
    check_choice("features", features, sorted(set(curves.features)))
    few = curves[(curves.features == features) & (curves.per_class > 0)]
    if few.empty:
        raise ValueError(f"no label budgets in the probe results for {features!r}")
    table = few.pivot(index="seed", columns="n_labels", values="accuracy")
    return LabelCurve(table.columns.to_numpy(dtype=float), table.to_numpy())


def probe_summary(curves: pd.DataFrame) -> pd.DataFrame:
    """Median accuracy over seeds: one row per feature set, one column per budget."""
    check_frame(curves, COLUMNS)
    table = curves.groupby(["features", "per_class"])["accuracy"].median().unstack()
    table = table[sorted(table.columns, key=lambda c: (c == 0, c))]  # "all" last
    table.columns = [f"{c}/class" if c else "all labels" for c in table.columns]
    return table.loc[[f for f in FEATURES if f in table.index]].round(3)


def _check_split(split: object) -> None:
    if not isinstance(split, DigitsSplit):
        raise TypeError(f"split must be a DigitsSplit, got {type(split).__name__}")
