"""Lesson 04 benchmark: spread of the test estimate by test size, split optimism,
and widget latency (normal-mode seeds).

Run alone: ``.venv/bin/python -c "from benchmarks.bench_04_splitting import run;
[print(t) for t in run()]"``
"""

from __future__ import annotations

import numpy as np

from benchmarks.common import Target, widget_target

LESSON = "04"
SEEDS = range(30)


def run() -> list[Target]:
    from sklearn.datasets import load_breast_cancer
    from sklearn.neighbors import KNeighborsClassifier

    from helpers.prepare import splitting, splitting_data, splitting_widget

    X, y = load_breast_cancer(return_X_y=True)
    targets = []
    spread = splitting.test_estimate_spread(
        X, y, test_sizes=(0.1, 0.2, 0.3, 0.5), seeds=SEEDS
    )
    stds = spread.groupby("n_test")["accuracy"].std()
    previous = None
    for n_test, std in stds.items():
        ok = previous is None or std < previous
        targets.append(
            Target(
                LESSON,
                f"std of test accuracy, {n_test} test samples (30 seeds)",
                "smaller than the previous size",
                round(float(std), 4),
                "accuracy",
                ok,
            )
        )
        previous = std
    cv = [splitting.cv_mean(X, y, k=5, seed=s) for s in SEEDS]
    cv_std = float(np.std(cv))
    single = float(stds.loc[114])
    targets.append(
        Target(
            LESSON,
            "std of the 5-fold CV mean across 30 seeds",
            "< std of one 20 % split",
            round(cv_std, 4),
            "accuracy",
            cv_std < single,
        )
    )
    gaps = splitting.balance_over_seeds(y, seeds=SEEDS).groupby("strategy")[
        "max_share_gap"
    ]
    med = gaps.median()
    targets.append(
        Target(
            LESSON,
            "median largest class-share gap, stratified (random in target)",
            f"< random/3 = {med['random'] / 3:.4f}",
            round(float(med["stratified"]), 4),
            "share",
            bool(med["stratified"] < med["random"] / 3),
        )
    )
    Xg, yg, groups = splitting_data.make_grouped_data()
    res = splitting.split_optimism(
        Xg,
        yg,
        KNeighborsClassifier(1),
        honest=splitting.make_cv("group"),
        groups=groups,
        seeds=range(10),
    )
    optimism = float((res["random_kfold"] - res["honest"]).median())
    targets.append(
        Target(
            LESSON,
            "random vs grouped k-fold optimism, 1-NN (median of 10)",
            ">= 0.2",
            round(optimism, 3),
            "accuracy",
            optimism >= 0.2,
        )
    )
    pool = splitting.unlabeled_as_test(seeds=range(5)).median()
    inflation = float(pool["pseudo_labelled"] - pool["held_out"])
    targets.append(
        Target(
            LESSON,
            "pseudo-labelled pool as a test set: inflation (median of 5)",
            ">= 0.1",
            round(inflation, 3),
            "accuracy",
            inflation >= 0.1,
        )
    )
    targets.append(
        widget_target(
            LESSON, "splitting widget", splitting_widget.build_splitting_widget()
        )
    )
    return targets


if __name__ == "__main__":
    for t in run():
        print(t)
