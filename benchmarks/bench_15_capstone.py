"""Lesson 15 targets: the whole lifecycle run once with the lesson's configuration
(normal mode: 240 API captchas, 200 labels, 100 + 100 served captchas, 400 new
labels), each stage's result held to the lesson's claims, and the CPU seconds of the
whole run (this process and the server processes it waited for)."""

from __future__ import annotations

import resource
import time

from benchmarks.common import Target
from helpers.capstone import operate, stages
from helpers.core.repro import set_threads

LESSON = "15"


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run() -> list[Target]:
    set_threads(1)  # as the notebook does
    config = stages.lesson_config()
    cpu, wall = _cpu(), time.perf_counter()
    acquired = stages.acquire(config)
    labelled = stages.label(acquired, config)
    trained = stages.train(acquired, labelled, config)
    exported = stages.export(trained, acquired)
    served = operate.serve(exported, config)
    monitored = operate.monitor(served, exported, acquired, config)
    relabelled = operate.relabel(acquired, labelled, config)
    redeployed = operate.redeploy(relabelled, config)
    cpu, wall = _cpu() - cpu, time.perf_counter() - wall
    gain = labelled.final[labelled.strategy] - labelled.final["random"]
    test_acc = trained.test_scores["captcha accuracy"]
    after = served.captcha_accuracy("after")
    delays = monitored.summary["delay (predictions)"]
    return [
        Target(LESSON, "margin - random, validation digit accuracy", ">= 0.02",
               gain, "", gain >= 0.02),
        Target(LESSON, "test captcha accuracy (the target)", f">= {config.target}",
               test_acc, "", test_acc >= config.target),
        Target(LESSON, "INT8 / FP32 file size", "< 0.33",
               exported.sizes["int8"] / exported.sizes["fp32"], "",
               exported.sizes["int8"] < exported.sizes["fp32"] / 3),
        Target(LESSON, "false alarms before the change", "0",
               monitored.false_alarms(), "alerts", monitored.false_alarms() == 0),
        Target(LESSON, "slowest detector delay", f"<= {config.window}",
               float(delays.max()), "cells", bool(delays.max() <= config.window)),
        Target(LESSON, "served captcha accuracy after redeploy / before", ">= 2",
               redeployed.captcha_accuracy / max(after, 1e-9), "x",
               redeployed.captcha_accuracy >= 2 * after),
        Target(LESSON, "whole lifecycle, CPU seconds", "<= 25", cpu, "s", cpu <= 25),
        Target(LESSON, "whole lifecycle, wall seconds", "<= 60", wall, "s", wall <= 60),
    ]  # fmt: skip
