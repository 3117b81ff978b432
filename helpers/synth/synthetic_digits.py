"""Digits with 100 real labels (lesson 10): augmentation vs synthesis (compute only).

:func:`compute_digits_grid` trains a nearest-neighbour reader (:func:`knn_predict`)
on real digits mixed (:func:`mix`) with augmented or generated ones, over a grid of
ratios and strengths and several seeds; :func:`digits_grid` caches it. Its figures
are in :mod:`helpers.synth.synthetic_plots` and its widget in
:mod:`helpers.synth.synthetic_widget`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from helpers.core.validation import (
    check_array,
    check_choice,
    check_int,
    check_labels,
    check_real,
    check_same_length,
    check_seeds,
)
from helpers.synth.synthetic import euclidean_distances

RATIOS = (0, 1, 2, 4, 8, 16, 32)
STRENGTHS = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0)
AUG_OPS = ("shift", "crop", "rotate", "thickness")  # test digits are clean: no noise
K_NEIGHBOURS = 5
SOURCES = ("augmented", "generated")
MAX_RATIO = 64
"""Caps of the grid, refused before any work: extra images per real image, labels
per class (the pool has about 125 of each digit) and VAE training steps."""
MAX_PER_CLASS = 100
MAX_VAE_STEPS = 100_000


def knn_predict(
    train: np.ndarray, y_train: np.ndarray, test: np.ndarray, *, k: int = K_NEIGHBOURS
) -> np.ndarray:
    """Distance-weighted k-nearest-neighbour labels (as scikit-learn's
    ``KNeighborsClassifier(k, weights="distance")``), shape (n_test,)."""
    train = check_array("train", train, ndim=2)
    test = check_array("test", test, ndim=2)
    y_train = check_labels("y_train", y_train)
    check_same_length(train=train, y_train=y_train)
    k = check_int("k", k, low=1, high=len(train))
    if train.shape[1] != test.shape[1]:
        raise ValueError(
            f"train and test must have the same width, got {train.shape} and "
            f"{test.shape}"
        )
    return _knn_vote(euclidean_distances(test, train), y_train, k=k)


def _knn_vote(dist: np.ndarray, y_train: np.ndarray, *, k: int) -> np.ndarray:
    k = check_int("k", k, low=1)
    if k > dist.shape[1]:
        raise ValueError(f"k={k} exceeds the {dist.shape[1]} training rows")
    near = np.argpartition(dist, k - 1, axis=1)[:, :k]  # (n_test, k)
    w = 1.0 / np.maximum(np.take_along_axis(dist, near, 1), 1e-12)  # (n_test, k)
    classes = np.unique(y_train)
    votes = np.stack([(w * (y_train[near] == c)).sum(1) for c in classes], 1)
    return classes[votes.argmax(1)]


def mix(
    X_real: np.ndarray,
    y_real: np.ndarray,
    X_extra: np.ndarray,
    y_extra: np.ndarray,
    *,
    ratio: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Real rows plus the first ``ratio * len(X_real)`` extra rows."""
    ratio = check_real("ratio", ratio, low=0, high=MAX_RATIO)
    X_real = check_array("X_real", X_real, ndim=2)
    X_extra = check_array("X_extra", X_extra, ndim=2, min_len=0)
    if X_extra.shape[1] != X_real.shape[1]:
        raise ValueError(
            f"X_real and X_extra must have the same width, got {X_real.shape} and "
            f"{X_extra.shape}"
        )
    check_same_length(X_real=X_real, y_real=y_real)
    check_same_length(X_extra=X_extra, y_extra=y_extra)
    n = int(round(ratio * len(X_real)))
    if n > len(X_extra):
        raise ValueError(
            f"ratio {ratio} needs {n} extra rows, only {len(X_extra)} given"
        )
    return np.concatenate([X_real, X_extra[:n]]), np.concatenate([y_real, y_extra[:n]])


@dataclass
class DigitsGrid:
    """Test accuracy on real digits, shape (n_seeds, n_strengths, n_ratios) per source.

    ``examples[source]`` holds 10 example training images per strength (one per
    class), shape (n_strengths, 10, 8, 8). ``cv_accuracy`` (same shape, augmented
    digits only) is the cross-validated accuracy on the labelled digits themselves
    (:func:`cv_accuracy`): the score to choose a strength and a ratio with, so that
    the test set is scored once, at the chosen cell.
    """

    ratios: tuple
    strengths: tuple
    seeds: tuple
    accuracy: dict[str, np.ndarray]
    examples: dict[str, np.ndarray]
    cv_accuracy: np.ndarray | None = None

    def __post_init__(self) -> None:
        shape = (len(self.seeds), len(self.strengths), len(self.ratios))
        if 0 in shape:
            raise ValueError("a DigitsGrid needs at least one seed, strength and ratio")
        if set(self.accuracy) != set(SOURCES) or set(self.examples) != set(SOURCES):
            raise ValueError(f"accuracy and examples must have the keys {SOURCES}")
        for source in SOURCES:
            acc = check_array(f"accuracy[{source!r}]", self.accuracy[source], ndim=3)
            if acc.shape != shape:
                raise ValueError(
                    f"accuracy[{source!r}] must have shape (seeds, strengths, ratios) "
                    f"= {shape}, got {acc.shape}"
                )
            check_array(f"examples[{source!r}]", self.examples[source], ndim=4)
        if self.cv_accuracy is not None:
            cv = check_array("cv_accuracy", self.cv_accuracy, ndim=3)
            if cv.shape != shape:
                raise ValueError(
                    f"cv_accuracy must have shape (seeds, strengths, ratios) = "
                    f"{shape}, got {cv.shape}"
                )

    def best_by_cv(self) -> tuple[float, int]:
        """``(strength, ratio)`` of the best median cross-validated accuracy of the
        augmented digits; ties go to the smaller ratio, then the smaller strength.
        The test accuracies are not looked at."""
        if self.cv_accuracy is None:
            raise ValueError("this grid has no cv_accuracy: recompute it")
        med = np.median(self.cv_accuracy, axis=0)  # (n_strengths, n_ratios)
        best = np.flatnonzero(np.isclose(med.T.ravel(), med.max()))[0]
        r, s = divmod(int(best), len(self.strengths))
        return self.strengths[s], self.ratios[r]

    def index(self, *, strength: float, ratio: float) -> tuple[int, int]:
        """Positions of a precomputed ``strength`` and ``ratio`` in the grid."""
        if strength not in self.strengths or ratio not in self.ratios:
            raise ValueError(
                f"strength must be in {self.strengths} and ratio in {self.ratios}, "
                f"got {strength}, {ratio}"
            )
        return self.strengths.index(strength), self.ratios.index(ratio)

    def at(self, source: str, strength: float, ratio: float) -> np.ndarray:
        """Test accuracy per seed of one cell, shape (n_seeds,)."""
        check_choice("source", source, sorted(self.accuracy))
        i, j = self.index(strength=strength, ratio=ratio)
        return self.accuracy[source][:, i, j]  # (n_seeds,)


def cv_accuracy(
    X: np.ndarray,
    y: np.ndarray,
    X_extra: np.ndarray,
    *,
    ratios: Sequence[int],
    n_folds: int = 5,
    k: int = K_NEIGHBOURS,
) -> np.ndarray:
    """Cross-validated k-NN accuracy on the labelled rows, ``(n_ratios,)``.

    ``X_extra`` holds copies of the real rows in order (row ``r`` is made from real row
    ``r % len(X)``, as ``np.tile`` lays them out). Real row ``i`` is in fold ``(its rank
    within its class) % n_folds``; a held-out fold is scored by a model trained on the
    other real rows *and only their* copies, so no copy of a held-out digit leaks in.
    """
    X = check_array("X", X, ndim=2)
    y = check_labels("y", y)
    check_same_length(X=X, y=y)
    X_extra = check_array("X_extra", X_extra, ndim=2, min_len=0)
    if X_extra.shape[1] != X.shape[1]:
        raise ValueError(
            f"X and X_extra must have the same width, got {X.shape} and {X_extra.shape}"
        )
    ratios = [check_int("ratio", r, low=0, high=MAX_RATIO) for r in ratios]
    if not ratios:
        raise ValueError("need at least one ratio")
    n_folds = check_int("n_folds", n_folds, low=2, high=len(X))
    k = check_int("k", k, low=1, high=len(X))
    n = len(X)
    if max(ratios) * n > len(X_extra):
        raise ValueError(
            f"ratio {max(ratios)} needs {max(ratios) * n} extra rows, only "
            f"{len(X_extra)} given"
        )
    fold = np.zeros(n, dtype=int)
    for c in np.unique(y):
        rows = np.flatnonzero(y == c)
        fold[rows] = np.arange(len(rows)) % n_folds
    X_all = np.concatenate([X, X_extra]).astype(np.float32)  # (n + n_extra, d)
    y_all = np.concatenate([y, np.tile(y, len(X_extra) // n + 1)[: len(X_extra)]])
    origin = np.arange(len(X_all)) % n  # the real row each training row comes from
    dist = euclidean_distances(X.astype(np.float32), X_all)  # (n, n + n_extra)
    out = np.zeros(len(ratios))
    for c, ratio in enumerate(ratios):
        used = n * (1 + ratio)
        hits = 0
        for f in range(n_folds):
            held = fold == f
            keep = ~held[origin[:used]]  # (used,) rows not made from held-out digits
            pred = _knn_vote(dist[held][:, :used][:, keep], y_all[:used][keep], k=k)
            hits += int((pred == y[held]).sum())
        out[c] = hits / n
    return out


def compute_digits_grid(
    *,
    seeds: Sequence[int],
    ratios: Sequence[int] = RATIOS,
    strengths: Sequence[float] = STRENGTHS,
    per_class: int = 10,
    vae_steps: int = 200,
) -> DigitsGrid:
    """Train-and-test every (source, strength, ratio, seed) cell; see DigitsGrid.
    With at least 2 labels per class it also cross-validates the augmented cells
    on the labelled digits (:func:`cv_accuracy`, up to 5 folds).

    ``augmented``: the real images through :class:`helpers.synth.augment.DigitAugmenter`
    at that strength. ``generated``: a conditional VAE trained on the same real
    images, sampled at temperature = strength. Classifier: 5-nearest neighbours.
    Ratios are integers in 0..:data:`MAX_RATIO`, strengths in [0, 2], ``per_class``
    at most :data:`MAX_PER_CLASS` and ``vae_steps`` at most :data:`MAX_VAE_STEPS`.
    """
    from helpers.core.data import labelled_subset, load_digits_split
    from helpers.synth.augment import MAX_STRENGTH, DigitAugmenter
    from helpers.synth.vae import VaeConfig, generate, train_vae

    seeds = check_seeds(seeds)
    if not ratios or not strengths:
        raise ValueError("need at least one ratio and at least one strength")
    ratios = [check_int("ratio", r, low=0, high=MAX_RATIO) for r in ratios]
    strengths = [check_real("strength", s, low=0, high=MAX_STRENGTH) for s in strengths]
    per_class = check_int("per_class", per_class, low=1, high=MAX_PER_CLASS)
    vae_steps = check_int("vae_steps", vae_steps, low=1, high=MAX_VAE_STEPS)
    d = load_digits_split()
    top = max(int(max(ratios)), 1)  # at least one extra image each, for the examples
    acc = {s: np.zeros((len(seeds), len(strengths), len(ratios))) for s in SOURCES}
    cv = np.zeros((len(seeds), len(strengths), len(ratios)))
    examples = {s: np.zeros((len(strengths), 10, 8, 8)) for s in acc}
    X_test = d.X_test.astype(np.float32)  # float32 halves the distance work
    for a, seed in enumerate(seeds):
        idx = labelled_subset(d.y_pool, per_class=per_class, seed=seed)
        X, y = d.X_pool[idx], d.y_pool[idx]  # (100, 64), (100,)
        vae = train_vae(X, y, VaeConfig(steps=vae_steps, seed=seed))
        y_extra = np.tile(y, top)  # (100 * top,)
        for b, strength in enumerate(strengths):
            aug = DigitAugmenter(strength=strength, ops=AUG_OPS)
            extra = {
                "augmented": aug(
                    np.tile(X.reshape(-1, 8, 8), (top, 1, 1)), generator=seed
                )
                .reshape(-1, 64)
                .astype(float),
                "generated": generate(
                    vae, y_extra, temperature=strength, seed=seed
                ).astype(float),
            }
            if per_class >= 2:
                cv[a, b] = cv_accuracy(
                    X, y, extra["augmented"], ratios=ratios, n_folds=min(5, per_class)
                )
            for source, X_extra in extra.items():
                if a == 0:
                    first = [int(np.flatnonzero(y_extra == c)[0]) for c in range(10)]
                    examples[source][b] = X_extra[first].reshape(10, 8, 8)
                X_all = np.concatenate([X, X_extra])  # (100 * (1 + top), 64)
                y_all = np.concatenate([y, y_extra])
                dist = euclidean_distances(
                    X_test, X_all.astype(np.float32)
                )  # (n_test, n_all)
                for c, ratio in enumerate(ratios):
                    n = len(mix(X, y, X_extra, y_extra, ratio=ratio)[1])  # validates
                    pred = _knn_vote(dist[:, :n], y_all[:n], k=K_NEIGHBOURS)
                    acc[source][a, b, c] = (pred == d.y_test).mean()
    return DigitsGrid(
        tuple(ratios),
        tuple(strengths),
        tuple(seeds),
        acc,
        examples,
        cv_accuracy=cv if per_class >= 2 else None,
    )


def digits_grid(
    *,
    seeds: Sequence[int] | None = None,
    ratios: Sequence[int] = RATIOS,
    strengths: Sequence[float] = STRENGTHS,
    per_class: int = 10,
    vae_steps: int = 200,
    verbose: bool = True,
) -> DigitsGrid:
    """:func:`compute_digits_grid` (5 seeds; 3 if fast): the shipped artefact
    (``make artefacts``) when it is current, else through the cache. The options are
    checked before either is consulted."""
    from helpers.core.artefacts import shipped
    from helpers.core.config import pick
    from helpers.synth.augment import MAX_STRENGTH

    seeds = tuple(
        check_seeds(seeds)
        if seeds is not None
        else pick(normal=(0, 1, 2, 3, 4), fast=(0, 1, 2))
    )
    ratios = tuple(check_int("ratio", r, low=0, high=MAX_RATIO) for r in ratios)
    strengths = tuple(
        check_real("strength", s, low=0, high=MAX_STRENGTH) for s in strengths
    )
    per_class = check_int("per_class", per_class, low=1, high=MAX_PER_CLASS)
    vae_steps = check_int("vae_steps", vae_steps, low=1, high=MAX_VAE_STEPS)
    options = {
        "ratios": ratios,
        "strengths": strengths,
        "per_class": per_class,
        "vae_steps": vae_steps,
    }
    return shipped(
        "synthetic_digits_grid",
        lambda: compute_digits_grid(seeds=seeds, **options),
        params={"seeds": seeds, **options},
        verbose=verbose,
    )
