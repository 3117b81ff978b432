"""Synthetic data without a neural network: rules, templates, symmetry, balancing.

* :func:`sample_fitted` -- new rows drawn from distributions fitted to real ones.
* :func:`fill_templates`, :func:`text_diversity`, :func:`leakage` -- slot filling, and
  the limits it runs into (duplicates, few distinct phrases, private values copied).
* :func:`random_oversample`, :func:`smote` -- class balancing by repetition and by
  interpolation between same-class neighbours.
* A card task whose label ignores suits (every hand yields 24 relabelled hands for
  free): see :mod:`helpers.synth.cards`.
* :func:`euclidean_distances`, :func:`distance_to_closest_record`,
  :func:`privacy_check` -- do synthetic samples sit closer to the training data than
  fresh real data does (memorisation risk)?
* Augmented vs generated digits added to 100 real labels: see
  :mod:`helpers.synth.synthetic_digits` (figures in
  :mod:`helpers.synth.synthetic_plots`, widget in
  :mod:`helpers.synth.synthetic_widget`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.core.validation import (
    check_array,
    check_int,
    check_real,
    check_same_length,
)

MAX_ROWS = 1_000_000
"""Caps, refused before any work: rows or texts made at once, word n-gram length,
rows per chunk of a distance matrix, and SMOTE neighbours."""
MAX_NGRAM = 10
MAX_CHUNK = 65_536
MAX_NEIGHBOURS = 1000


def _check_texts(name: str, texts: object, *, min_len: int = 1) -> list[str]:
    """``texts`` (any iterable but a string) as a list of strings."""
    if isinstance(texts, str) or not isinstance(texts, Iterable):
        raise TypeError(
            f"{name} must be a sequence of strings, got {type(texts).__name__}"
        )
    texts = list(texts)
    if not all(isinstance(t, str) for t in texts):
        raise TypeError(f"{name} must hold strings only")
    if len(texts) < min_len:
        raise ValueError(f"{name} must not be empty")
    return texts


def _check_xy(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``X`` (n, d) of finite numbers and one label per row ``y`` (n,)."""
    X = check_array("X", X, ndim=2)
    y = check_array("y", y, ndim=1, dtype=None)
    check_same_length(X=X, y=y)
    return X, y


# ------------------------------------------------------------ fitted distributions


def sample_fitted(
    X: np.ndarray, y: np.ndarray, *, n_per_class: int, joint: bool, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Rows sampled from a Gaussian fitted to each class of ``X``.

    ``joint=False`` fits each column on its own (independent marginals), which loses
    every correlation between columns; ``joint=True`` fits a full covariance.
    """
    X, y = _check_xy(X, y)
    check_int("n_per_class", n_per_class, low=1, high=MAX_ROWS)
    rng = np.random.default_rng(check_int("seed", seed, low=0))
    rows, labels = [], []
    for c in np.unique(y):
        part = X[y == c]  # (n_c, d)
        if len(part) < 2:
            raise ValueError(f"class {c} needs at least 2 rows to fit, got {len(part)}")
        mean = part.mean(0)
        if joint:
            cov = np.cov(part, rowvar=False)  # (d, d)
            rows.append(rng.multivariate_normal(mean, cov, size=n_per_class))
        else:
            std = part.std(0, ddof=1)
            rows.append(mean + std * rng.standard_normal((n_per_class, X.shape[1])))
        labels.append(np.full(n_per_class, c))
    return np.concatenate(rows), np.concatenate(labels)


def correlation_gap(real: np.ndarray, synthetic: np.ndarray) -> float:
    """Mean absolute difference between the two correlation matrices (off-diagonal)."""
    real = check_array("real", real, ndim=2, min_len=2)
    synthetic = check_array("synthetic", synthetic, ndim=2, min_len=2)
    if real.shape[1] != synthetic.shape[1] or real.shape[1] < 2:
        raise ValueError(
            "real and synthetic need the same number (>= 2) of columns, got "
            f"{real.shape} and {synthetic.shape}"
        )
    a = np.corrcoef(real, rowvar=False)
    b = np.corrcoef(synthetic, rowvar=False)
    off = ~np.eye(len(a), dtype=bool)
    return float(np.abs(a - b)[off].mean())


# ----------------------------------------------------------------------- templates

FIRST_NAMES = ("Ana", "Bo", "Chen", "Dara", "Emil", "Farah", "Goran", "Hana", "Ivo")
LAST_NAMES = ("Okafor", "Lindqvist", "Moreau", "Tanaka", "Novak", "Silva", "Weber")
PLACEHOLDER_NAMES = ("Alex Doe", "Sam Roe", "Kim Poe", "Lee Moe")
CITIES = ("Lyon", "Osaka", "Porto", "Graz", "Turku")
PRODUCTS = ("kettle", "router", "lamp", "headset", "blender")
TEMPLATES = (
    "Hi, this is {name} from {city}. My {product} stopped working.",
    "{name} here: the {product} I ordered to {city} arrived broken.",
    "Order for {name} ({city}): the {product} is missing from the parcel.",
)


def make_customers(n: int, *, seed: int = 0) -> pd.DataFrame:
    """A made-up table of private customer records (name, city, product)."""
    check_int("n", n, low=1)
    rng = np.random.default_rng(check_int("seed", seed, low=0))
    names = [f"{a} {b}" for a, b in itertools.product(FIRST_NAMES, LAST_NAMES)]
    if n > len(names):
        raise ValueError(f"n must be at most {len(names)} (distinct names), got {n}")
    return pd.DataFrame(
        {
            "name": rng.choice(names, n, replace=False),
            "city": rng.choice(CITIES, n),
            "product": rng.choice(PRODUCTS, n),
        }
    )


def fill_templates(
    templates: Sequence[str], slots: dict[str, Sequence[str]], *, n: int, seed: int = 0
) -> list[str]:
    """``n`` texts (at most :data:`MAX_ROWS`): a random template with each ``{slot}``
    filled at random."""
    check_int("n", n, low=1, high=MAX_ROWS)
    seed = check_int("seed", seed, low=0)
    if isinstance(templates, str) or not templates:
        raise ValueError("templates must be a non-empty sequence of strings")
    templates = _check_texts("templates", templates)
    if not isinstance(slots, Mapping):
        raise TypeError(f"slots must map slot names to values, got {slots!r:.60}")
    needed = sorted({s for t in templates for s in re.findall(r"{(\w+)}", t)})
    missing = set(needed) - set(slots)
    if missing:
        raise ValueError(f"no values given for slot(s) {sorted(missing)}")
    empty = [k for k in needed if len(slots[k]) == 0]
    if empty:
        raise ValueError(f"slot(s) {sorted(empty)} have no values")
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        template = templates[rng.integers(len(templates))]
        out.append(
            template.format(
                **{k: slots[k][rng.integers(len(slots[k]))] for k in needed}
            )
        )
    return out


def text_diversity(texts: Sequence[str], *, n: int = 2) -> dict[str, float]:
    """Duplicate share and distinct-n (unique word n-grams / all n-grams), for word
    n-grams of length ``n`` up to :data:`MAX_NGRAM`."""
    texts = _check_texts("texts", texts)
    check_int("n", n, low=1, high=MAX_NGRAM)
    grams = []
    for text in texts:
        words = text.lower().split()
        grams += [tuple(words[i : i + n]) for i in range(len(words) - n + 1)]
    return {
        "texts": len(texts),
        "duplicate share": 1 - len(set(texts)) / len(texts),
        f"distinct-{n}": len(set(grams)) / max(len(grams), 1),
    }


def leakage(texts: Sequence[str], private: Sequence[str]) -> float:
    """Share of ``texts`` that contain at least one ``private`` value verbatim."""
    texts = _check_texts("texts", texts)
    private = _check_texts("private", private, min_len=0)
    return float(np.mean([any(p in t for p in private) for t in texts]))


# ---------------------------------------------------------------- class balancing


def imbalanced_blobs(
    *, n_major: int = 300, n_minor: int = 15, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """A 2-D two-class toy set with a rare class 1, overlapping the common class 0."""
    n_major = check_int("n_major", n_major, low=1, high=MAX_ROWS)
    n_minor = check_int("n_minor", n_minor, low=1, high=MAX_ROWS)
    rng = np.random.default_rng(check_int("seed", seed, low=0))
    major = rng.normal([0.0, 0.0], 1.0, size=(n_major, 2))
    minor = rng.normal([1.8, 1.2], 0.6, size=(n_minor, 2))
    return np.concatenate([major, minor]), np.repeat([0, 1], [n_major, n_minor])


def _targets(y: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    classes, counts = np.unique(y, return_counts=True)
    return classes, counts, int(counts.max())


def random_oversample(
    X: np.ndarray, y: np.ndarray, *, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Repeat random rows of each smaller class until every class is as big as the
    largest. Returns the original rows followed by the repeats."""
    X, y = _check_xy(X, y)
    rng = np.random.default_rng(check_int("seed", seed, low=0))
    classes, counts, top = _targets(y)
    extra = [
        rng.choice(np.flatnonzero(y == c), top - k)
        for c, k in zip(classes, counts, strict=True)
    ]
    idx = np.concatenate([np.arange(len(y))] + extra).astype(int)
    return X[idx], y[idx]


def smote(
    X: np.ndarray, y: np.ndarray, *, k: int = 5, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """SMOTE-like balancing: new points on segments between same-class neighbours.

    For each new point: pick a row ``a`` of the class, one of its ``k`` nearest
    same-class neighbours ``b``, and ``u ~ U(0, 1)``; the point is ``a + u (b - a)``.
    Returns the original rows followed by the new ones.
    """
    X, y = _check_xy(X, y)
    check_int("k", k, low=1, high=MAX_NEIGHBOURS)
    rng = np.random.default_rng(check_int("seed", seed, low=0))
    classes, counts, top = _targets(y)
    new_X, new_y = [X], [y]
    for c, count in zip(classes, counts, strict=True):
        need = top - count
        if need == 0:
            continue
        if count < 2:
            raise ValueError(f"class {c} has {count} row; SMOTE needs at least 2")
        part = X[y == c]  # (n_c, d)
        dist = ((part[:, None] - part[None]) ** 2).sum(-1)  # (n_c, n_c)
        np.fill_diagonal(dist, np.inf)
        neighbours = np.argsort(dist, 1)[:, : min(k, count - 1)]  # (n_c, k)
        a = rng.integers(count, size=need)
        b = neighbours[a, rng.integers(neighbours.shape[1], size=need)]
        u = rng.random((need, 1))
        new_X.append(part[a] + u * (part[b] - part[a]))
        new_y.append(np.full(need, c))
    return np.concatenate(new_X), np.concatenate(new_y)


# ---------------------------------------------------------------------- privacy


def euclidean_distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Euclidean distances between the rows of ``a`` (n, d) and ``b`` (m, d), shape
    (n, m), in the dtype of the inputs."""
    a = check_array("a", a, ndim=2, dtype=None)
    b = check_array("b", b, ndim=2, dtype=None)
    if a.shape[1] != b.shape[1]:
        raise ValueError(
            f"a and b must be 2-D with equal widths, got {a.shape} and {b.shape}"
        )
    sq = (a**2).sum(1)[:, None] + (b**2).sum(1)[None] - 2 * a @ b.T  # (n, m)
    return np.sqrt(np.maximum(sq, 0.0))


def distance_to_closest_record(
    samples: np.ndarray, reference: np.ndarray, *, chunk: int = 512
) -> np.ndarray:
    """Euclidean distance from each sample to its nearest reference row, shape (n,)."""
    samples = check_array("samples", samples, ndim=2)
    reference = check_array("reference", reference, ndim=2)
    if samples.shape[1] != reference.shape[1]:
        raise ValueError(
            f"samples and reference must be 2-D with equal widths, got {samples.shape} "
            f"and {reference.shape}"
        )
    chunk = check_int("chunk", chunk, low=1, high=MAX_CHUNK)
    out = np.empty(len(samples))
    for start in range(0, len(samples), chunk):  # (chunk, m) distances at a time
        part = samples[start : start + chunk]  # (c, d)
        out[start : start + chunk] = euclidean_distances(part, reference).min(1)
    return out


@dataclass(frozen=True)
class PrivacyReport:
    """Distances to the closest training record (DCR): synthetic vs held-out real.

    * ``median_dcr_synthetic``: synthetic sample -> nearest training record;
    * ``median_dcr_holdout``: held-out real record -> nearest training record, the
      distance at which a genuinely *new* sample sits;
    * ``near_copy_share``: share of synthetic samples closer to a training record
      than the closest ``quantile`` of held-out records are. Fresh real data scores
      ``quantile`` by construction; a generator that copies its training data
      scores near 1;
    * ``exact_copies``: synthetic samples within 1e-6 of a training record.
    """

    median_dcr_synthetic: float
    median_dcr_holdout: float
    near_copy_share: float
    exact_copies: int
    quantile: float

    def __post_init__(self) -> None:
        check_real("median_dcr_synthetic", self.median_dcr_synthetic, low=0)
        check_real("median_dcr_holdout", self.median_dcr_holdout, low=0)
        check_real("near_copy_share", self.near_copy_share, low=0, high=1)
        check_int("exact_copies", self.exact_copies, low=0)
        check_real(
            "quantile", self.quantile, low=0, high=1, open_low=True, open_high=True
        )

    @property
    def looks_memorised(self) -> bool:
        """More than half the samples are near-copies, or any is an exact copy."""
        return self.near_copy_share > 0.5 or self.exact_copies > 0


def privacy_check(
    synthetic: np.ndarray,
    train: np.ndarray,
    holdout: np.ndarray,
    *,
    quantile: float = 0.05,
) -> PrivacyReport:
    """Compare synthetic-to-train distances with holdout-to-train distances."""
    quantile = check_real(
        "quantile", quantile, low=0, high=1, open_low=True, open_high=True
    )
    d_syn = distance_to_closest_record(synthetic, train)
    d_hold = distance_to_closest_record(holdout, train)
    cut = float(np.quantile(d_hold, quantile))
    return PrivacyReport(
        median_dcr_synthetic=float(np.median(d_syn)),
        median_dcr_holdout=float(np.median(d_hold)),
        near_copy_share=float((d_syn < cut).mean()),
        exact_copies=int((d_syn < 1e-6).sum()),  # float round-off: not 0
        quantile=quantile,
    )
