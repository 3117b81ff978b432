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
    features_grid.feature_grid(n_splits=3)
    took = time.perf_counter() - start
    targets.append(
        Target(
            LESSON,
            "widget precompute (feature_grid, 3 folds as the widget, uncached)",
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
    # Sections 6, 8 and 9: selection, text and image features.
    from helpers.core.data import load_digits_split
    from helpers.labels.tickets import make_tickets
    from helpers.prepare import image_features, selection, text_features

    Xn, real = selection.with_noise(X, n_noise=30, seed=0)
    table = selection.selection_comparison(Xn, y, real, k=8)
    for method in ("filter", "wrapper", "embedded"):
        row = table.loc[method]
        targets.append(
            Target(
                LESSON,
                f"{method} selection: noise columns kept (of 30)",
                "0",
                int(row["noise kept"]),
                "columns",
                row["noise kept"] == 0,
            )
        )
        targets.append(
            Target(
                LESSON,
                f"{method} selection: seconds (5 folds)",
                "report",
                round(float(row["seconds"]), 2),
                "s",
                True,
            )
        )
    tickets = make_tickets(n_dev=10, n_train=600, n_test=10, seed=0)
    scores = text_features.text_representation_scores(
        tickets.train_text, tickets.truth("train")
    )
    targets.append(
        Target(
            LESSON,
            "TF-IDF minus word counts (5-fold CV on tickets)",
            "> 0",
            round(float(scores["TF-IDF"] - scores["word counts"]), 3),
            "accuracy",
            scores["TF-IDF"] > scores["word counts"],
        )
    )
    digits = load_digits_split()
    images = image_features.image_feature_scores(
        digits.X_pool.reshape(-1, 8, 8),
        digits.y_pool,
        digits.X_test.reshape(-1, 8, 8),
        digits.y_test,
    )
    drop = images["test accuracy"] - images["contrast and brightness changed"]
    targets.append(
        Target(
            LESSON,
            "orientation histograms: drop after contrast change",
            "< 0.02",
            round(float(drop["orientation histograms"]), 3),
            "accuracy",
            abs(drop["orientation histograms"]) < 0.02,
        )
    )
    return targets


if __name__ == "__main__":
    for t in run():
        print(t)
