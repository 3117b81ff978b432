"""Lesson 06 targets: self-training accuracy with 50 labels, and widget latency.

Issue 4: "the workbook's best self-training setting reaches at least 0.93 median test
accuracy with 50 labels; plain scikit-learn self-training tops out near 0.91 with
logistic regression, and supervised-only on the 50 labels is near 0.87". All medians
over 10 seeds (10 draws of 5 labels per digit) on the shared digits split.

Run alone: ``python -c "from benchmarks.bench_06_selftraining import run;
[print(t) for t in run()]"``
"""

from __future__ import annotations

import numpy as np
from sklearn.svm import SVC

from benchmarks.common import Target, widget_latency
from helpers.core.data import load_digits_split
from helpers.labels import selftraining as st
from helpers.labels import selftraining_widget as stw

LESSON = "06"
SEEDS = tuple(range(10))
NEAR = 0.02  # "near x" means within two points of x
BEST = {
    "make_model": st.knn,
    "threshold": 0.5,
    "k": 10,
    "balanced": True,
    "max_rounds": 12,
}
"""The workbook's best setting: 3-NN, class-balanced top-10 per digit, 12 rounds."""
SKLEARN_THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)


def _labels(split, seed: int) -> np.ndarray:
    return st.partial_labels(split.y_pool, per_class=5, seed=seed)


def best_setting(split) -> list[st.SelfTrainingResult]:
    return [
        st.self_train(
            split.X_pool,
            _labels(split, seed),
            y_true=split.y_pool,
            X_test=split.X_test,
            y_test=split.y_test,
            **BEST,
        )
        for seed in SEEDS
    ]


def sklearn_best(split) -> tuple[float, float]:
    """(median test accuracy, threshold) of scikit-learn's self-training with the
    threshold chosen on the validation images (10 per digit cut from the test set,
    as in lesson 06): the test set is scored for the chosen threshold only."""
    rest, X_val, y_val = st.hold_out_validation(split, per_class=10)
    val_medians, fitted = [], {}
    for threshold in SKLEARN_THRESHOLDS:
        models = [
            st.sklearn_self_training(
                rest.X_pool, _labels(rest, seed), threshold=threshold, max_rounds=12
            )
            for seed in SEEDS
        ]
        fitted[threshold] = models
        val_medians.append(float(np.median([m.score(X_val, y_val) for m in models])))
    chosen = SKLEARN_THRESHOLDS[int(np.argmax(val_medians))]
    test = [m.score(rest.X_test, rest.y_test) for m in fitted[chosen]]
    return float(np.median(test)), chosen


def supervised(split) -> dict[str, float]:
    """Median supervised-only accuracy on the 50 labels, per model.

    The RBF SVM (no probabilities needed here) is the strongest supervised model on 50
    labels; the others are the lesson's self-training base models.
    """
    models = {**st.BASE_MODELS, "RBF SVM": lambda: SVC(C=10.0, gamma="scale")}
    out = {}
    for name, factory in models.items():
        accs = []
        for seed in SEEDS:
            y = _labels(split, seed)
            has = y != st.UNLABELED
            model = factory().fit(split.X_pool[has], y[has])
            accs.append(model.score(split.X_test, split.y_test))
        out[name] = float(np.median(accs))
    return out


def run() -> list[Target]:
    split = load_digits_split()
    runs = best_setting(split)
    best = float(np.median([r.final_accuracy for r in runs]))
    base_knn = float(np.median([r.baseline_accuracy for r in runs]))
    sk, sk_threshold = sklearn_best(split)
    sup = supervised(split)
    best_sup_name = max(sup, key=sup.get)
    latency = 1000 * widget_latency(stw.build_self_training_widget())
    fits = float(np.median([r.n_fits for r in runs]))
    seconds = float(np.median([r.seconds for r in runs]))
    return [
        Target(
            LESSON,
            "best self-training (3-NN, class-balanced top-10/digit), 50 labels",
            ">= 0.93",
            round(best, 4),
            "median test accuracy, 10 seeds",
            best >= 0.93,
        ),
        Target(
            LESSON,
            f"scikit-learn SelfTrainingClassifier, logistic regression (threshold "
            f"{sk_threshold} chosen on validation)",
            "near 0.91 (±0.02), below the best setting",
            round(sk, 4),
            "median test accuracy, 10 seeds",
            abs(sk - 0.91) <= NEAR and sk < best,
        ),
        Target(
            LESSON,
            f"supervised-only on the 50 labels (best base model: {best_sup_name}; "
            + ", ".join(f"{k} {v:.3f}" for k, v in sup.items())
            + ")",
            "near 0.87 (±0.02)",
            round(sup[best_sup_name], 4),
            "median test accuracy, 10 seeds",
            abs(sup[best_sup_name] - 0.87) <= NEAR,
        ),
        Target(
            LESSON,
            "gain of the best setting over its own supervised-only 3-NN",
            ">= 0.05",
            round(best - base_knn, 4),
            "accuracy points (fraction)",
            best - base_knn >= 0.05,
        ),
        Target(
            LESSON,
            "compute of the best setting per run (fits; seconds in the unit)",
            "reported",
            fits,
            f"fits, {seconds:.2f} s per run",
            True,
        ),
        Target(
            LESSON,
            "self-training widget callback",
            "< 100 ms",
            round(latency, 1),
            "ms (median)",
            latency < 100,
        ),
    ]


if __name__ == "__main__":  # pragma: no cover
    for target in run():
        print(target)
