"""The precomputed results behind lesson 04's widget (compute).

:func:`split_grid` fits the lesson's model for every validation/test fraction,
strategy, k and seed once (a :class:`SplitGrid`); :func:`split_view` selects one
setting as a :class:`SplitView` (test estimates, CV estimates and class shares across
seeds).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.datasets import load_breast_cancer

from helpers.core.validation import (
    check_array,
    check_choice,
    check_int,
    check_labels,
    check_real,
    check_same_length,
)
from helpers.prepare.splitting import (
    SPLITS,
    STRATEGIES,
    check_ratios,
    cv_mean,
    default_model,
    split_sizes,
    three_way_split,
)

VAL_FRACTIONS = (0.10, 0.15, 0.20)
"""The validation fractions the widget offers."""
TEST_FRACTIONS = (0.10, 0.15, 0.20)
"""The test fractions the widget offers."""
K_VALUES = tuple(range(2, 11))
"""The numbers of cross-validation folds the widget offers."""
MAX_SEEDS = 200
"""The most seeds a :class:`SplitGrid` repeats each setting over."""


@dataclass(frozen=True)
class SplitGrid:
    """The widget's precomputed results on breast-cancer data, over ``n_seeds`` seeds.

    ``test_acc[(val, test, strategy)]``: test accuracy per seed, shape ``(n_seeds,)``;
    ``shares[(val, test, strategy)]``: share of the minority class in train /
    validation / test, shape ``(n_seeds, 3)``; ``cv_acc[k]``: stratified k-fold mean
    accuracy per seed (the strategy choice applies to the single split).
    """

    test_acc: dict[tuple[float, float, str], np.ndarray]
    shares: dict[tuple[float, float, str], np.ndarray]
    cv_acc: dict[int, np.ndarray]
    overall_share: float
    n_samples: int
    n_seeds: int

    def __post_init__(self) -> None:
        check_real("overall_share", self.overall_share, low=0, high=1)
        check_int("n_samples", self.n_samples, low=1)
        check_int("n_seeds", self.n_seeds, low=2, high=MAX_SEEDS)


def split_grid(
    X: np.ndarray | None = None,
    y: np.ndarray | None = None,
    *,
    n_seeds: int = 20,
    ks: tuple[int, ...] = K_VALUES,
) -> SplitGrid:
    """Fit the model for every ratio, strategy, k and seed (the widget's heavy part).

    ``X`` and ``y`` default to scikit-learn's breast-cancer data (pass both or none).
    """
    if (X is None) != (y is None):
        raise ValueError("pass both X and y, or neither (breast-cancer data)")
    if X is None:
        X, y = load_breast_cancer(return_X_y=True)
    X, y = check_array("X", X, ndim=2), check_labels("y", y)
    check_same_length(X=X, y=y)
    n_seeds = check_int("n_seeds", n_seeds, low=2, high=MAX_SEEDS)
    ks = check_array("ks", ks, ndim=1, dtype=None).tolist()
    ks = tuple(check_int("k", k, low=2, high=20) for k in ks)
    classes, counts = np.unique(y, return_counts=True)
    minority = classes[np.argmin(counts)]
    test_acc, shares, cv_acc = {}, {}, {}
    for strategy in STRATEGIES:
        for v in VAL_FRACTIONS:
            for t in TEST_FRACTIONS:
                accs, sh = [], []
                for seed in range(n_seeds):
                    sp = three_way_split(
                        y, ratios=(1 - v - t, v, t), strategy=strategy, seed=seed
                    )
                    model = default_model().fit(X[sp.train], y[sp.train])
                    accs.append(model.score(X[sp.test], y[sp.test]))
                    sh.append(
                        [np.mean(y[ix] == minority) for ix in sp.parts().values()]
                    )
                test_acc[(v, t, strategy)] = np.array(accs)
                shares[(v, t, strategy)] = np.array(sh)  # (n_seeds, 3)
    for k in ks:  # cross-validation: always stratified k-fold, as recommended
        cv_acc[k] = np.array([cv_mean(X, y, k=k, seed=s) for s in range(n_seeds)])
    return SplitGrid(
        test_acc, shares, cv_acc, float(np.mean(y == minority)), len(y), n_seeds
    )


@dataclass(frozen=True)
class SplitView:
    """One widget setting: the test estimates and class shares across seeds."""

    ratios: tuple[float, float, float]
    k: int
    strategy: str
    n_test: int
    test_acc: np.ndarray
    cv_acc: np.ndarray
    shares: np.ndarray
    overall_share: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "ratios", check_ratios(self.ratios))
        check_int("k", self.k, low=2, high=20)
        check_choice("strategy", self.strategy, STRATEGIES)
        check_int("n_test", self.n_test, low=1)
        test_acc = check_array("test_acc", self.test_acc, ndim=1)
        check_array("cv_acc", self.cv_acc, ndim=1)
        shares = check_array("shares", self.shares, ndim=2)
        if shares.shape[1] != len(SPLITS):
            raise ValueError(
                f"shares must have one column per split, got {shares.shape}"
            )
        check_same_length(test_acc=test_acc, shares=shares)
        check_real("overall_share", self.overall_share, low=0, high=1)

    @property
    def test_std(self) -> float:
        return float(np.std(self.test_acc))

    @property
    def cv_std(self) -> float:
        return float(np.std(self.cv_acc))

    @property
    def share_spread(self) -> np.ndarray:
        """max - min of the minority share across seeds, per split: ``(3,)``."""
        return np.ptp(self.shares, axis=0)

    def to_html(self) -> str:
        r = self.ratios
        spread = ", ".join(
            f"{n} {s:.3f}" for n, s in zip(SPLITS, self.share_spread, strict=True)
        )
        return (
            f"{self.strategy} split {r[0]:.0%} / {r[1]:.0%} / {r[2]:.0%} "
            f"({self.n_test} test samples): mean test accuracy "
            f"{np.mean(self.test_acc):.3f}, "
            f"std across {len(self.test_acc)} seeds <b>{self.test_std:.4f}</b>; "
            f"{self.k}-fold CV std <b>{self.cv_std:.4f}</b><br>"
            f"minority-class share spread (max - min over seeds): {spread}"
        )


def split_view(
    grid: SplitGrid, *, validation: float, test: float, k: int, strategy: str
) -> SplitView:
    """Select one setting from the grid (the widget's pure function)."""
    if not isinstance(grid, SplitGrid):
        raise TypeError(f"grid must be a SplitGrid, got {type(grid).__name__}")
    check_choice("strategy", strategy, STRATEGIES)
    v = _snap(validation, VAL_FRACTIONS, "validation")
    t = _snap(test, TEST_FRACTIONS, "test")
    k = check_int("k", k)
    if k not in grid.cv_acc:
        raise ValueError(f"k must be one of {sorted(grid.cv_acc)}, got {k}")
    n_test = split_sizes(grid.n_samples, (1 - v - t, v, t))[2]
    return SplitView(
        (1 - v - t, v, t),
        k,
        strategy,
        n_test,
        grid.test_acc[(v, t, strategy)],
        grid.cv_acc[k],
        grid.shares[(v, t, strategy)],
        grid.overall_share,
    )


def _snap(value: float, options: tuple[float, ...], name: str) -> float:
    value = check_real(f"{name} fraction", value)
    for option in options:
        if abs(value - option) < 1e-9:
            return option
    raise ValueError(f"{name} fraction must be one of {list(options)}, got {value}")
