"""Expected answers of lesson 15's exercises, computed from the lesson's own results
(never typed), so the checks stay true when the data or the seed change."""

from __future__ import annotations

from dataclasses import replace

from helpers.capstone.operate import Monitored
from helpers.capstone.stages import (
    N_DIGITS,
    STRATEGIES,
    Acquired,
    CapstoneConfig,
    Trained,
    label,
)
from helpers.core.validation import check_choice


def ex1(trained: Trained) -> float:
    """15.1: the captcha accuracy the reader would have if its digits were right
    independently of each other, each with its measured test digit accuracy."""
    if not isinstance(trained, Trained):
        raise TypeError(f"trained must be Trained, got {type(trained).__name__}")
    return trained.test_scores["digit accuracy"] ** N_DIGITS


def ex2(monitored: Monitored) -> str:
    """15.2: what the KS test on confidence saw after the change, with no label.

    A: the served model's mean confidence dropped; B: it rose; C: it moved by less
    than 0.01 (the test reacted to the shape of the distribution only).
    """
    if not isinstance(monitored, Monitored):
        raise TypeError(f"monitored must be Monitored, got {type(monitored).__name__}")
    change = monitored.mean_confidence["after"] - monitored.mean_confidence["before"]
    if abs(change) < 0.01:
        return "C"
    return "A" if change < 0 else "B"


def ex3(acquired: Acquired, config: CapstoneConfig, *, strategy: str) -> float:
    """15.3: validation accuracy at the full label budget when stage 3 uses
    ``strategy`` instead of the lesson's."""
    strategy = check_choice("strategy", strategy, STRATEGIES)
    if not isinstance(config, CapstoneConfig):
        raise TypeError(f"config must be a CapstoneConfig, got {config!r:.60}")
    return label(acquired, replace(config, strategy=strategy)).final[strategy]
