"""Look before you split (lesson 04): a data set's quality, diversity and balance.

:func:`audit` measures, on features ``X`` and labels ``y``, what decides how to split
and whether a score can be trusted at all:

* **quality** -- missing (non-finite) values, exact duplicate rows, duplicates that
  disagree on the label, constant features;
* **diversity** -- near-duplicates (rows much closer to a neighbour than is typical)
  and the median nearest-neighbour distance relative to the median distance between
  rows, both on standardised features (so no feature's unit dominates);
* **balance** -- the smallest class's share and the ratio of the largest class to the
  smallest.

:func:`audit_table` puts several data sets side by side.

>>> X = np.array([[0.0, 1.0], [0.0, 1.0], [3.0, 1.0], [4.0, 1.0]])
>>> a = audit(X, np.array([0, 1, 1, 1]))
>>> a["duplicate rows"], a["conflicting duplicates"], a["constant features"]
(1, 1, 1)
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from sklearn.neighbors import NearestNeighbors

from helpers.core.validation import check_array, check_labels, check_real

MAX_AUDIT_ROWS = 50_000
"""Most rows :func:`audit` accepts (its nearest-neighbour search is quadratic)."""


def audit(X: np.ndarray, y: np.ndarray, *, near: float = 0.05) -> dict[str, float]:
    """Quality, diversity and balance of ``(X, y)`` as plain numbers.

    ``near``: a row is a near-duplicate when its nearest other row is closer than
    ``near`` times the median distance between rows (finite rows only).
    """
    X = check_array("X", X, ndim=2, finite=False)
    y = check_labels("y", y)
    if len(X) != len(y):
        raise ValueError(
            f"X and y must have the same length, got {len(X)} and {len(y)}"
        )
    if not 3 <= len(X) <= MAX_AUDIT_ROWS:
        raise ValueError(f"X must have 3 to {MAX_AUDIT_ROWS} rows, got {len(X)}")
    near = check_real("near", near, low=0, high=1)
    finite = np.isfinite(X).all(axis=1)
    _, first, counts = np.unique(X, axis=0, return_index=True, return_counts=True)
    duplicates = int(len(X) - len(first))
    labels_per_row: dict[bytes, set[int]] = {}
    for row, label in zip(X, y, strict=True):
        labels_per_row.setdefault(row.tobytes(), set()).add(int(label))
    conflicting = sum(len(v) > 1 for v in labels_per_row.values())
    constant = int(np.sum(np.nanmax(X, axis=0) == np.nanmin(X, axis=0)))
    Xf = X[finite]
    scale = Xf.std(axis=0)
    Xf = (Xf - Xf.mean(axis=0)) / np.where(scale > 0, scale, 1.0)  # z-scores
    nn = NearestNeighbors(n_neighbors=2).fit(Xf)
    dist = nn.kneighbors(Xf)[0][:, 1]  # (n,) distance to the nearest other row
    rng = np.random.default_rng(0)
    pairs = rng.integers(0, len(Xf), size=(min(20_000, len(Xf) ** 2), 2))
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    typical = float(
        np.median(np.linalg.norm(Xf[pairs[:, 0]] - Xf[pairs[:, 1]], axis=1))
    )
    _, class_counts = np.unique(y, return_counts=True)
    return {
        "rows": int(len(X)),
        "features": int(X.shape[1]),
        "rows with missing values": int(np.sum(~finite)),
        "duplicate rows": duplicates,
        "conflicting duplicates": int(conflicting),
        "constant features": constant,
        "near-duplicate share": float(np.mean(dist < near * typical)),
        "nearest / typical distance": float(np.median(dist) / typical),
        "classes": int(class_counts.size),
        "smallest class share": float(class_counts.min() / len(y)),
        "largest / smallest class": float(class_counts.max() / class_counts.min()),
    }


def audit_table(datasets: Mapping[str, tuple[np.ndarray, np.ndarray]]) -> pd.DataFrame:
    """:func:`audit` of each named ``(X, y)``, one column per data set."""
    if not isinstance(datasets, Mapping) or not datasets:
        raise ValueError("datasets must map at least one name to (X, y)")
    columns = {}
    for name, pair in datasets.items():
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"datasets[{name!r}] must be a tuple (X, y)")
        columns[str(name)] = audit(*pair)
    return pd.DataFrame(columns)
