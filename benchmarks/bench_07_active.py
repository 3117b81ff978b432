"""Lesson 07 targets: labels to reach 95 % and query-selection time on a big pool.

Learning curves: median over 10 seeds, start 2 labels per class, batches of 10, budget
300, logistic regression (C = 5). Selection times: one query over 35,000 images (the
digits pool tiled, plus pixel noise, float32) given already fitted models, as median
CPU time, so that other jobs on a shared machine do not inflate them.
"""

from __future__ import annotations

import numpy as np

from benchmarks.common import Target
from helpers.labels import active_loop, active_timing
from helpers.labels.strategies import STRATEGIES

LESSON = "07"
N_SEEDS = 10
BUDGET = 300


def _fmt(n: float) -> str:
    return f"{n:.0f}" if np.isfinite(n) else f"> {BUDGET}"


def run() -> list[Target]:
    curves = active_loop.learning_curves(
        list(STRATEGIES),
        seeds=range(N_SEEDS),
        start_per_class=2,
        batch_size=10,
        budget=BUDGET,
    )
    reach = active_loop.labels_to_reach_table(curves)
    to95 = reach["95 %"].fillna(np.inf)
    best = str(to95.idxmin())
    targets = [
        Target(
            LESSON,
            f"best strategy ({best}): labels to 95 % test accuracy",
            "<= 130",
            float(to95[best]),
            "labels",
            bool(to95[best] <= 130),
        ),
        Target(
            LESSON,
            "margin sampling: labels to 95 %",
            "about 150 (reference)",
            float(to95["margin"]),
            "labels",
            bool(120 <= to95["margin"] <= 180),
        ),
        Target(
            LESSON,
            f"random sampling: median test accuracy at {BUDGET} labels",
            "< 0.95 (does not reach 95 %)",
            float(curves.median("random")[-1]),
            "accuracy",
            bool(curves.median("random")[-1] < 0.95),
        ),
        Target(
            LESSON,
            "hybrid vs random: labels to 90 %",
            f"fewer than random ({_fmt(reach.loc['random', '90 %'])})",
            float(reach.loc["hybrid", "90 %"]),
            "labels",
            bool(
                reach.loc["hybrid", "90 %"]
                < np.nan_to_num(reach.loc["random", "90 %"], nan=np.inf)
            ),
        ),
    ]
    for name in STRATEGIES:  # every strategy's figure, for the closing note
        targets.append(
            Target(
                LESSON,
                f"{name}: labels to 95 % (90 %: {_fmt(reach.loc[name, '90 %'])})",
                "(reported)",
                float(reach.loc[name, "95 %"]),
                "labels",
                True,
            )
        )
    uncertainty = ["least_confidence", "margin", "entropy", "hybrid"]
    committees = ["qbc_vote_entropy", "qbc_consensus_kl"]
    seconds = active_timing.selection_seconds(uncertainty + committees, repeat=25)
    for name in uncertainty:
        targets.append(
            Target(
                LESSON,
                f"{name}: one query over 35,000 images (CPU)",
                "< 10 ms",
                1e3 * seconds[name],
                "ms",
                seconds[name] < 0.010,
            )
        )
    for name in committees:
        targets.append(
            Target(
                LESSON,
                f"{name}: one query over 35,000 images, 5 members (CPU)",
                "< 50 ms",
                1e3 * seconds[name],
                "ms",
                seconds[name] < 0.050,
            )
        )
    return targets


if __name__ == "__main__":  # pragma: no cover
    for target in run():
        print(target)
