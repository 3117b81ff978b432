"""Lesson 02 targets: each cleaning step scored against the truth, the downstream score,
and the widget's speed.

Setting: the lesson's tables (``helpers.prepare.dirty.lesson_tables(seed=0)``: 1,200
clean rows damaged into 1,320, a clean validation table of 600) and the full threshold
grid of normal mode (1 to 5 in steps of 0.25), computed fresh (no cache).

Run alone: ``python -c "from benchmarks.bench_02_cleaning import run; [print(t) for t in
run()]"``.
"""

from __future__ import annotations

import time

import numpy as np

from benchmarks.common import Target, widget_latency
from helpers.prepare import cleaning, cleaning_grid, cleaning_widget, dirty

LESSON = "02"


def run() -> list[Target]:
    data, valid = dirty.lesson_tables(seed=0)
    typed = cleaning.standardise(data.dirty)
    targets: list[Target] = []

    def add(name: str, target: str, measured: float, unit: str, passed: bool) -> None:
        value = round(float(measured), 4)
        targets.append(Target(LESSON, name, target, value, unit, bool(passed)))

    fixed = np.mean(
        [
            np.isclose(typed["distance_km"], data.clean["distance_km"]).mean(),
            (typed["district"] == data.clean["district"]).mean(),
        ]
    )
    add("types, units, names recovered", "= 1", fixed, "share of cells", fixed == 1)

    near = cleaning.find_duplicates(typed, method="near")
    p, r = dirty.precision_recall(near, data.is_duplicate)
    add("near duplicates: precision", ">= 0.95", p, "", p >= 0.95)
    add("near duplicates: recall", ">= 0.95", r, "", r >= 0.95)
    _, r_exact = dirty.precision_recall(
        cleaning.find_duplicates(typed, method="exact"), data.is_duplicate
    )
    add(
        "exact duplicates: recall (misses near)",
        "< near recall",
        r_exact,
        "",
        r_exact < r,
    )

    dedup = typed[~near]
    for rule in ("z-score", "IQR", "isolation forest"):
        flags = cleaning.flag_outliers(dedup, rule=rule, threshold=3.0)
        p, r = dirty.precision_recall(flags, data.outlier_rows)
        wanted = rule == "IQR"
        add(
            f"outliers {rule} t=3: precision",
            ">= 0.8" if wanted else "report",
            p,
            "",
            p >= 0.8 or not wanted,
        )
        add(
            f"outliers {rule} t=3: recall",
            ">= 0.95" if wanted else "report",
            r,
            "",
            r >= 0.95 or not wanted,
        )

    kept = dedup[~cleaning.flag_outliers(dedup, rule="IQR", threshold=3.0)]
    rmse = {
        s: dirty.imputation_rmse(
            cleaning.impute(kept, strategy=s), data, column="area_m2"
        )
        for s in ("mean", "median", "model")
    }
    for s, value in rmse.items():
        add(
            f"imputation RMSE area_m2 (MNAR), {s}",
            "model lowest",
            value,
            "m²",
            value >= rmse["model"],
        )

    start = time.perf_counter()
    grid = cleaning_grid.cleaning_grid(data, valid, thresholds=np.arange(1, 5.01, 0.25))
    build = time.perf_counter() - start
    add("grid of plans: build time", "< 30 s", build, "s", build < 30)
    best = max(grid.points.values(), key=lambda point: point.r2).r2
    recommended = grid.point("model", "IQR", 3.0).r2
    add(
        "downstream R²: no cleaning (make it run)",
        "< cleaned",
        grid.r2_dirty,
        "R²",
        grid.r2_dirty < recommended,
    )
    for s in cleaning.IMPUTERS[:-1]:  # model imputation gets its own target below
        r2 = grid.point(s, "IQR", 3.0).r2
        add(f"downstream R²: IQR t=3 + {s}", "report", r2, "R²", True)
    add(
        "downstream R²: model + IQR t=3",
        ">= clean - 0.05",
        recommended,
        "R²",
        recommended >= grid.r2_clean - 0.05,
    )
    add("downstream R²: best plan on the grid", "report", best, "R²", True)
    add("downstream R²: clean ground truth", "report", grid.r2_clean, "R²", True)

    widget = cleaning_widget.build_cleaning_widget(grid=grid)
    latency = widget_latency(
        widget,
        {
            "threshold t": list(np.arange(1, 5.01, 0.5)),
            "imputation": list(cleaning.IMPUTERS),
            "outlier rule": list(cleaning.OUTLIER_RULES),
            "show column": list(cleaning_grid.SHOWN) + ["area_m2"],
        },
    )
    add("widget callback, median", "< 100 ms", 1000 * latency, "ms", latency < 0.1)

    # Missing indicators (section 7) and near duplicates in text and images (section 4).
    data, valid = dirty.lesson_tables(seed=0)
    typed = cleaning.standardise(data.dirty)
    dedup = typed[~cleaning.find_duplicates(typed, method="near")]
    kept = dedup[~(cleaning.outlier_scores(dedup, rule="IQR") > 3)]
    for s in ("mean", "model"):
        plain = dirty.validation_score(cleaning.impute(kept, strategy=s), valid)
        marked = dirty.validation_score(
            cleaning.impute(cleaning.add_missing_indicators(kept), strategy=s),
            cleaning.add_missing_indicators(valid),
        )
        add(
            f"indicator gain, {s} imputation",
            "> 0",
            marked - plain,
            "R²",
            marked > plain,
        )
    from helpers.core.data import load_digits_split
    from helpers.labels.tickets import make_tickets
    from helpers.prepare import near_duplicates as nd

    tickets = make_tickets(n_dev=10, n_train=400, n_test=10, seed=0).train_text
    texts, truth = nd.text_copies(tickets, n_copies=40, seed=0)
    _, recall = nd.pair_precision_recall(
        nd.near_duplicate_texts(texts, threshold=0.8), truth
    )
    add("text near duplicates: shingle recall", "= 1", recall, "recall", recall == 1)
    images, truth = nd.image_copies(
        load_digits_split().X_pool[:400].reshape(-1, 8, 8), n_copies=40, seed=0
    )
    start = time.perf_counter()
    found = nd.near_duplicate_images(images, max_bits=4, min_corr=0.98)
    took = time.perf_counter() - start
    precision, recall = nd.pair_precision_recall(found, truth)
    add(
        "image near duplicates: hash + r precision",
        ">= 0.9",
        precision,
        "",
        precision >= 0.9,
    )
    add("image near duplicates: 440 images, time", "< 1 s", took, "s", took < 1)
    return targets


if __name__ == "__main__":
    for t in run():
        print(t)
