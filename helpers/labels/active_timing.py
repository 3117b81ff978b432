"""How long a query takes on a large pool (lesson 07's cost of selection).

:func:`big_pool` tiles the digits pool into a large float32 pool with pixel noise;
:func:`selection_seconds` times one query of each strategy on it, with the model and
committee fitted beforehand, so only the selection is measured. The loop itself is
in :mod:`helpers.labels.active_loop`.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from helpers.core.data import labelled_subset, load_digits_split
from helpers.core.validation import check_int
from helpers.labels.active_loop import make_model
from helpers.labels.strategies import check_names, get_strategy, query_source

MAX_POOL = 1_000_000
"""Most rows :func:`big_pool` makes."""
MAX_REPEAT = 1000
"""Most timed repetitions of :func:`selection_seconds`."""


def big_pool(n: int = 35_000, *, seed: int = 0) -> np.ndarray:
    """A large float32 pool: the digits pool tiled to ``n`` rows (at most
    :data:`MAX_POOL`), plus pixel noise."""
    n = check_int("n", n, low=1, high=MAX_POOL)
    seed = check_int("seed", seed, low=0)
    X = load_digits_split().X_pool
    rng = np.random.default_rng(seed)
    tiled = np.tile(X, (-(-n // len(X)), 1))[:n]  # (n, 64)
    return np.clip(tiled + rng.normal(0, 0.02, tiled.shape), 0, 1).astype(np.float32)


def selection_seconds(
    names: Sequence[str],
    *,
    n_pool: int = 35_000,
    batch_size: int = 10,
    repeat: int = 15,
    seed: int = 0,
) -> dict[str, float]:
    """Median CPU seconds of one query over a pool of ``n_pool`` examples.

    The model (and committee) are fitted once on 20 labels beforehand: this times
    the selection only. CPU time (``time.process_time``) rather than wall time, so
    other programs on a shared machine do not inflate it. ``n_pool`` is at most
    :data:`MAX_POOL`, ``batch_size`` at most ``n_pool``, ``repeat`` at most
    :data:`MAX_REPEAT`.
    """
    names = check_names(names)
    n_pool = check_int("n_pool", n_pool, low=1, high=MAX_POOL)
    check_int("batch_size", batch_size, low=1, high=n_pool)
    repeat = check_int("repeat", repeat, low=1, high=MAX_REPEAT)
    seed = check_int("seed", seed, low=0)
    d = load_digits_split()
    start = labelled_subset(d.y_pool, per_class=2, seed=seed)
    rng = np.random.default_rng(seed)
    X_lab, y_lab = d.X_pool[start], d.y_pool[start]
    model = make_model(warm_start=False).fit(X_lab, y_lab)
    weights = rng.exponential(1.0, size=(5, len(y_lab)))  # one committee for all
    X_big = big_pool(n_pool, seed=seed)
    out = {}
    for name in names:
        source = query_source(name, model, X_lab, y_lab, weights=weights)
        query = get_strategy(name)
        times = []
        for _ in range(repeat + 1):  # the first call warms caches; not counted
            t0 = time.process_time()
            query(source, X_big, batch_size=batch_size, rng=rng, X_labeled=X_lab)
            times.append(time.process_time() - t0)
        out[name] = float(np.median(times[1:]))
    return out
