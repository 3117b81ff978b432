"""Benchmarks: notebook times, widget latencies and each lesson's measured targets.

Run with ``make bench`` (``python -m benchmarks``). Each lesson adds a module
``benchmarks/bench_NN_topic.py`` with a function ``run() -> list[Target]``; it is found
and run automatically.
"""
