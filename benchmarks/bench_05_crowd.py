"""Lesson 05 targets: Dawid-Skene vs majority vote on a simulated crowd, and speed.

Setting of issue 4: all 1,797 digits labels, 5 annotators with accuracies
.55/.65/.75/.85/.90 and systematic (personal) confusions, dense assignment.
Accuracies are medians over 10 simulation seeds.

Run alone: ``python -c "from benchmarks.bench_05_crowd import run; [print(t) for t in
run()]"``.
"""

from __future__ import annotations

import numpy as np
from sklearn.datasets import load_digits

from benchmarks.common import Target, median_seconds, widget_latency
from helpers.labels import crowd
from helpers.labels.crowd_widget import build_crowd_widget
from helpers.labels.guide_widget import build_decision_widget

LESSON = "05"
ACCURACIES = (0.55, 0.65, 0.75, 0.85, 0.90)
SEEDS = range(10)


def run() -> list[Target]:
    y = load_digits().target  # (1797,)
    conf = crowd.annotator_confusions(ACCURACIES, style="systematic")
    ds_acc, mv_acc, ds_time = [], [], []
    for seed in SEEDS:
        votes = crowd.simulate_votes(y, conf, seed=seed)  # (1797, 5)
        ds = crowd.dawid_skene(votes, n_classes=10)
        ds_acc.append(np.mean(ds.labels == y))
        mv_acc.append(np.mean(crowd.majority_vote(votes, n_classes=10, seed=seed) == y))
        ds_time.append(
            median_seconds(lambda v=votes: crowd.dawid_skene(v, n_classes=10), repeat=5)
        )
    ds_med, mv_med = float(np.median(ds_acc)), float(np.median(mv_acc))
    t_med = float(np.median(ds_time))

    crowd_widget = build_crowd_widget()
    crowd_latency = widget_latency(
        crowd_widget,
        {
            "per_item": list(range(1, 8)),
            "quality": [0.3, 0.45, 0.6, 0.75, 0.85],
            "style": list(crowd.STYLES),
            "budget": [25, 150, 300, 475, 650],
        },
    )
    guide = build_decision_widget()
    guide_latency = widget_latency(
        guide,
        {
            "data": ["yes", "no", "yes"],
            "labels": ["none", "some", "plenty", "some"],
            "enough": ["no", "yes"],
            "budget": ["yes", "no"],
        },
    )
    return [
        Target(
            LESSON,
            "Dawid-Skene accuracy (1,797 items, 5 annotators)",
            ">= 0.995",
            ds_med,
            "fraction",
            ds_med >= 0.995,
        ),
        Target(
            LESSON,
            "majority vote accuracy, same votes (must lose)",
            f"< Dawid-Skene ({ds_med:.4f})",
            mv_med,
            "fraction",
            mv_med < ds_med,
        ),
        Target(
            LESSON, "Dawid-Skene fit time (median)", "< 0.1 s", t_med, "s", t_med < 0.1
        ),
        Target(
            LESSON,
            "crowd widget callback (median)",
            "< 0.1 s",
            crowd_latency,
            "s",
            crowd_latency < 0.1,
        ),
        Target(
            LESSON,
            "decision-guide widget callback (median)",
            "< 0.1 s",
            guide_latency,
            "s",
            guide_latency < 0.1,
        ),
    ]
