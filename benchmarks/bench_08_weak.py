"""Lesson 08 targets: label model vs majority vote, end model vs its baselines.

Median over five data seeds (tickets, dev set and rules all change with the seed),
plus the latency of the labeling-function widget.
"""

from __future__ import annotations

import time

import numpy as np

from benchmarks.common import Target, widget_latency
from helpers.labels.votes import ABSTAIN, majority_vote
from helpers.labels.weak_experiment import fit_end_model, ticket_experiment
from helpers.labels.weak_widget import build_lf_widget

LESSON = "08"
SEEDS = (0, 1, 2, 3, 4)


def _one_seed(seed: int) -> dict[str, float]:
    exp = ticket_experiment(seed=seed)
    everything = exp.warm_up()
    mv = majority_vote(exp.L_train, n_classes=exp.n_classes, seed=seed)
    got = mv != ABSTAIN
    end_mv = fit_end_model(exp.X_train[got], np.eye(exp.n_classes)[mv[got]], C=exp.C)
    return {
        "coverage": everything.coverage,
        "mv label accuracy": everything.mv_accuracy,
        "lm label accuracy": everything.lm_accuracy,
        "end model (label model)": everything.end_accuracy,
        "end model (majority vote)": end_mv.score(exp.X_test, exp.y_test),
        "dev only": exp.baselines["dev only"],
        "supervised": exp.baselines["supervised"],
    }


def run() -> list[Target]:
    start = time.perf_counter()
    per_seed = [_one_seed(s) for s in SEEDS]
    med = {k: float(np.median([r[k] for r in per_seed])) for k in per_seed[0]}
    gain = [r["lm label accuracy"] - r["mv label accuracy"] for r in per_seed]
    lift = [r["end model (label model)"] - r["dev only"] for r in per_seed]
    seeds = f"median of {len(SEEDS)} seeds"
    targets = [
        Target(
            LESSON,
            f"label accuracy, label model ({seeds}; majority vote "
            f"{med['mv label accuracy']:.3f}, coverage {med['coverage']:.2f})",
            "> majority vote",
            med["lm label accuracy"],
            "accuracy",
            med["lm label accuracy"] > med["mv label accuracy"],
        ),
        Target(
            LESSON,
            f"label model minus majority vote, worst seed ({seeds} all wins: "
            f"{all(g > 0 for g in gain)})",
            "> 0",
            min(gain),
            "accuracy difference",
            min(gain) > 0,
        ),
        Target(
            LESSON,
            f"end model on label-model labels ({seeds}; on majority-vote labels "
            f"{med['end model (majority vote)']:.3f})",
            f"> dev labels only ({med['dev only']:.3f})",
            med["end model (label model)"],
            "test accuracy",
            med["end model (label model)"] > med["dev only"],
        ),
        Target(
            LESSON,
            "end model minus dev labels only, worst seed",
            "> 0",
            min(lift),
            "accuracy difference",
            min(lift) > 0,
        ),
        Target(
            LESSON,
            f"fully supervised ceiling ({seeds})",
            f">= weak supervision ({med['end model (label model)']:.3f})",
            med["supervised"],
            "test accuracy",
            med["supervised"] >= med["end model (label model)"],
        ),
    ]
    latency = widget_latency(build_lf_widget())  # each function off, then on again
    targets += [
        Target(
            LESSON,
            "LF widget median callback",
            "< 0.1",
            latency,
            "s",
            latency < 0.1,
        ),
        Target(
            LESSON,
            "benchmark wall time",
            "< 300",
            time.perf_counter() - start,
            "s",
            time.perf_counter() - start < 300,
        ),
    ]
    return targets
