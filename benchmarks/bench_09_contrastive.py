"""Lesson 09 targets: linear probes on SimCLR features, and the training time.

Run alone: ``.venv/bin/python -c "from benchmarks.bench_09_contrastive import run;
[print(t) for t in run()]"``. Trains the lesson's normal-mode SimCLR run once per
seed (no cache, so the time is real) and probes each with 10 labels per class (median
over label draws) and with every pool label; the targets are medians over seeds.
"""

from __future__ import annotations

import numpy as np

from benchmarks.common import Target
from helpers.core.data import load_digits_split
from helpers.core.repro import set_threads
from helpers.represent.contrastive import SimCLRConfig, train_simclr
from helpers.represent.probe import feature_sets, linear_probe, main_config

LESSON = "09"
SEEDS = range(5)
LABEL_SEEDS = range(5)


def _probe(sets, split, name: str) -> tuple[float, float]:
    pool, test = sets[name]
    few = linear_probe(
        pool, split.y_pool, test, split.y_test, per_class=10, seeds=LABEL_SEEDS
    )
    (every,) = linear_probe(pool, split.y_pool, test, split.y_test, per_class=None)
    return float(np.median(few)), float(every)


def run() -> list[Target]:
    set_threads(1)
    split = load_digits_split()
    eval_images = np.concatenate([split.images_pool, split.images_test])
    base = main_config(fast=False)
    few, every, seconds = [], [], []
    for seed in SEEDS:
        cfg = SimCLRConfig(**{**base.as_params(), "seed": seed})
        trained = train_simclr(split.images_pool, config=cfg, eval_images=eval_images)
        sets = feature_sets(trained, split)
        a, b = _probe(sets, split, "contrastive")
        few.append(a)
        every.append(b)
        seconds.append(trained.seconds)
    raw_few, raw_all = _probe(sets, split, "raw pixels")
    pca_few, pca_all = _probe(sets, split, "pca")
    c_few, c_all = float(np.median(few)), float(np.median(every))
    n = len(SEEDS)
    return [
        Target(
            LESSON,
            f"contrastive probe, 10 labels/class (median of {n} seeds; range "
            f"{min(few):.3f}-{max(few):.3f})",
            ">= 0.94",
            c_few,
            "accuracy",
            c_few >= 0.94,
        ),
        Target(
            LESSON,
            f"contrastive probe, all pool labels (median of {n} seeds)",
            ">= 0.98",
            c_all,
            "accuracy",
            c_all >= 0.98,
        ),
        Target(
            LESSON,
            "raw-pixel probe, 10 labels/class",
            "about 0.91, below contrastive",
            raw_few,
            "accuracy",
            raw_few < c_few,
        ),
        Target(
            LESSON,
            "PCA (32) probe, 10 labels/class",
            "about 0.91, below contrastive",
            pca_few,
            "accuracy",
            pca_few < c_few,
        ),
        Target(
            LESSON,
            "raw-pixel probe, all pool labels",
            "about 0.97, below contrastive",
            raw_all,
            "accuracy",
            raw_all < c_all,
        ),
        Target(
            LESSON,
            "PCA (32) probe, all pool labels",
            "below contrastive",
            pca_all,
            "accuracy",
            pca_all < c_all,
        ),
        Target(
            LESSON,
            f"SimCLR training, {base.epochs} epochs, 1 thread (median)",
            "<= 60 s",
            float(np.median(seconds)),
            "s",
            float(np.median(seconds)) <= 60,
        ),
    ]
