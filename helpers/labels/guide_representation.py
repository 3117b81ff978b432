"""The decision guide's "improve the representation" route, measured (lesson 05).

With 50 labelled digits, does a better representation help as much as more labels?
:func:`representation_gain` trains the same logistic regression on the 50 labels with
two inputs: the raw pixels, and an **Isomap** embedding (a nonlinear, unsupervised
representation) fitted on the *unlabelled* pool only. The test images are embedded
with the fitted map, never used to fit it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.manifold import Isomap

from helpers.core.cache import cached
from helpers.core.data import labelled_subset, load_digits_split
from helpers.core.validation import check_int, check_seeds

REPRESENTATIONS = ("raw pixels", "Isomap of the unlabelled pool")
"""The two inputs compared, in the columns of :func:`representation_gain`."""


def _gain(per_class: int, seeds: list[int], n_components: int, n_neighbors: int):
    d = load_digits_split()
    embed = Isomap(n_neighbors=n_neighbors, n_components=n_components).fit(d.X_pool)
    Z_pool, Z_test = embed.transform(d.X_pool), embed.transform(d.X_test)
    rows = []
    for seed in seeds:
        idx = labelled_subset(d.y_pool, per_class=per_class, seed=seed)
        row = {"seed": seed}
        for name, (A, B) in zip(
            REPRESENTATIONS, ((d.X_pool, d.X_test), (Z_pool, Z_test)), strict=True
        ):
            model = LogisticRegression(C=10, max_iter=3000).fit(A[idx], d.y_pool[idx])
            row[name] = model.score(B, d.y_test)
        rows.append(row)
    return pd.DataFrame(rows).set_index("seed")


def representation_gain(
    *,
    per_class: int = 5,
    seeds: Sequence[int] = (0, 1, 2, 3, 4),
    n_components: int = 10,
    n_neighbors: int = 10,
    verbose: bool = True,
) -> pd.DataFrame:
    """Test accuracy per seed (rows) of logistic regression on ``per_class`` labels
    per digit, on raw pixels and on the Isomap embedding (columns
    :data:`REPRESENTATIONS`); cached."""
    per_class = check_int("per_class", per_class, low=1, high=100)
    seeds = [int(s) for s in check_seeds(seeds)]
    n_components = check_int("n_components", n_components, low=1, high=64)
    n_neighbors = check_int("n_neighbors", n_neighbors, low=2, high=200)
    return cached(
        "representation_gain",
        lambda: _gain(per_class, seeds, n_components, n_neighbors),
        params={
            "per_class": per_class,
            "seeds": seeds,
            "n_components": n_components,
            "n_neighbors": n_neighbors,
        },
        verbose=verbose,
    )


def median_gain(table: pd.DataFrame) -> float:
    """Median over seeds of the embedding's accuracy minus the raw pixels', in
    points."""
    if not isinstance(table, pd.DataFrame) or not set(REPRESENTATIONS) <= set(
        table.columns
    ):
        raise ValueError(f"table must have the columns {list(REPRESENTATIONS)}")
    if table.empty:
        raise ValueError("table must have at least one row")
    a, b = REPRESENTATIONS
    return float(100 * np.median(table[b] - table[a]))
