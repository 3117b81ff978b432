"""Lesson 18 (RLHF part) targets: the shipped pipeline's reward model, the policies
against the SFT model, reward hacking without the KL penalty, the judge's agreement,
best-of-n on many prompts, and the KL widget's redraw time.

The numbers of the shipped run (``make artefacts NAMES=rlhf_runs``) are checked; the
best-of-n curve is measured here on 1,000 prompts (the notebook uses 300). Times are
wall times on whatever machine runs this.
"""

from __future__ import annotations

from benchmarks.common import Target, median_seconds
from helpers.llm.rlhf_data import make_prompts
from helpers.llm.rlhf_report import best_of_n_curve
from helpers.llm.rlhf_runs import load_rlhf
from helpers.llm.rlhf_widget import build_kl_widget

LESSON = "18"


def run() -> list[Target]:
    result = load_rlhf(verbose=False)
    rows = result.table.set_index("method")
    sft = rows.loc["SFT"]
    best_rl = max(
        ("REINFORCE beta=0.3", "REINFORCE beta=1", "DPO"),
        key=lambda m: rows.loc[m, "true score (rule)"],
    )
    off = rows.loc["REINFORCE beta=0"]
    held = result.rm_accuracy["held-out"]
    targets = [
        Target(
            LESSON,
            "reward model: held-out pair accuracy",
            ">= 0.7",
            held,
            "",
            held >= 0.7,
        ),
        Target(
            LESSON,
            f"best RL policy ({best_rl}): true score",
            f"> SFT ({sft['true score (rule)']:.3f})",
            float(rows.loc[best_rl, "true score (rule)"]),
            "per answer",
            bool(rows.loc[best_rl, "true score (rule)"] > sft["true score (rule)"]),
        ),
        Target(
            LESSON,
            "beta = 0: reward model up, true score down (reward hacking)",
            "RM > SFT and true < SFT",
            float(off["true score (rule)"]),
            "per answer",
            bool(
                off["reward (RM)"] > sft["reward (RM)"]
                and off["true score (rule)"] < sft["true score (rule)"]
            ),
        ),
        Target(
            LESSON,
            "judge (SFT likelihood) agreement with the rule",
            "(reported)",
            result.judge_agreement,
            "",
            True,
        ),
    ]
    policy, rm = result.policy(), result.reward_model()
    curve = best_of_n_curve(policy, rm, make_prompts(1000, seed=7), ns=(1, 4, 16))
    rising = bool(curve["reward (RM)"].is_monotonic_increasing)
    targets.append(
        Target(
            LESSON,
            "best-of-n reward on 1,000 prompts, n = 1, 4, 16",
            "increasing",
            float(curve["reward (RM)"].iloc[-1]),
            "RM score",
            rising,
        )
    )
    widget = build_kl_widget(result)
    betas = [float(b) for b in result.pg_logs]

    def sweep() -> None:
        for b in betas:
            widget.controls["beta"].value = b

    per_draw = median_seconds(sweep, repeat=3) / len(betas)
    targets.append(
        Target(LESSON, "KL widget: redraw", "< 0.1 s", per_draw, "s", per_draw < 0.1)
    )
    return targets
