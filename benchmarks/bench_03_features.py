"""Lesson 03 benchmark: leakage inflation (normal-mode seeds) and widget latency.

Run alone: ``.venv/bin/python -c "from benchmarks.bench_03_features import run;
[print(t) for t in run()]"``
"""

from __future__ import annotations

import time

from benchmarks.common import Target, widget_target

LESSON = "03"


def run() -> list[Target]:
    from helpers.core.data import load_bundled
    from helpers.prepare import features, features_grid, features_widget

    targets = []
    leak = features.selection_leakage(n_features=(1000,), seeds=range(20))
    inflation = float(leak["inflation"].median())
    targets.append(
        Target(
            LESSON,
            "leakage inflation: select 10 of 1000 noise features before "
            "the split (median of 20 seeds)",
            ">= 0.10",
            round(inflation, 3),
            "accuracy",
            inflation >= 0.10,
        )
    )
    honest = float(leak["honest"].median())
    targets.append(
        Target(
            LESSON,
            "honest pipeline on noise stays at chance (median)",
            "0.5 +/- 0.1",
            round(honest, 3),
            "accuracy",
            abs(honest - 0.5) <= 0.1,
        )
    )
    wine = load_bundled("wine")
    X, y = wine.drop(columns="target").to_numpy(), wine["target"].to_numpy()
    scaling = float(
        features.scaling_leakage(X, y, seeds=range(20))["inflation"].median()
    )
    targets.append(
        Target(
            LESSON,
            "scaling-before-split inflation on wine, k-NN (median of 20)",
            "< selection inflation",
            round(scaling, 3),
            "accuracy",
            abs(scaling) < inflation,
        )
    )
    start = time.perf_counter()
    features_grid.feature_grid(n_splits=5)
    took = time.perf_counter() - start
    targets.append(
        Target(
            LESSON,
            "widget precompute (feature_grid, 5 folds, uncached)",
            "<= 20",
            round(took, 2),
            "s",
            took <= 20,
        )
    )
    targets.append(
        widget_target(
            LESSON, "features widget", features_widget.build_features_widget()
        )
    )
    return targets


if __name__ == "__main__":
    for t in run():
        print(t)
