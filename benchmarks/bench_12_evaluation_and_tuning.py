"""Lesson 12 targets: the search comparison, the two-worker study, the ensemble
gains, the optimism of tuning on test, and the two widgets' callbacks.

Results come from the lesson's own helpers in normal mode (the shipped artefacts
when they are current), so the figures are the ones the lesson prints.
"""

from __future__ import annotations

import tempfile
import time

from benchmarks.common import Target, widget_target
from helpers.evaluate.ensembles import ensemble_table
from helpers.evaluate.honest import optimism_runs
from helpers.evaluate.metrics_widget import (
    build_outlier_widget,
    build_threshold_metrics_widget,
)
from helpers.evaluate.search import search_comparison
from helpers.evaluate.shared_study import run_shared_study

LESSON = "12"


def run() -> list[Target]:
    targets = []
    curves = search_comparison()
    winners = curves.winners(sorted({4, 8, 12, curves.budget}))
    for budget, row in winners.iterrows():
        targets.append(
            Target(
                LESSON,
                f"search: median best error after {budget} trials, {row.winner} leads "
                f"(grid {100 * row.grid:.2f}, random {100 * row.random:.2f}, "
                f"tpe {100 * row.tpe:.2f})",
                "(reported)",
                100 * min(row.grid, row.random, row.tpe),
                "%",
                True,
            )
        )
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        shared = run_shared_study(folder, n_trials=8, n_workers=2, timeout=600)
        seconds = time.perf_counter() - start
    unique = len(set(shared.numbers.tolist())) == len(shared.numbers) == 8
    targets.append(
        Target(
            LESSON,
            "two workers, one SQLite study: 8 trials, no duplicate numbers (seconds)",
            "completes, < 30 s",
            seconds,
            "s",
            unique and seconds < 30,
        )
    )
    table = ensemble_table().table()
    for model in ("voting", "bagging", "boosting"):
        gain = 100 * (table.loc[model, "accuracy"] - table.loc["tree", "accuracy"])
        cost = table.loc[model, "fit s"] / table.loc["tree", "fit s"]
        targets.append(
            Target(
                LESSON,
                f"{model}: CV accuracy gain over one tree (fit time x{cost:.0f})",
                "> 0 points",
                float(gain),
                "points",
                bool(gain > 0),
            )
        )
    summary = optimism_runs().summary()
    for rule, target in (("tuned on test", "> 0.5"), ("tuned on validation", "< 0.5")):
        points = float(100 * summary.loc[rule, "optimism"])
        ok = bool(points > 0.5 if rule == "tuned on test" else abs(points) < 0.5)
        targets.append(
            Target(LESSON, f"median optimism, {rule}", target, points, "points", ok)
        )
    targets.append(
        widget_target(
            LESSON, "threshold metrics widget", build_threshold_metrics_widget()
        )
    )
    targets.append(widget_target(LESSON, "outlier widget", build_outlier_widget()))
    return targets


if __name__ == "__main__":  # pragma: no cover
    for target in run():
        print(target)
