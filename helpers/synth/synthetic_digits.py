"""Digits with 100 real labels (lesson 10): augmentation vs synthesis, and the widget.

:func:`compute_digits_grid` trains a nearest-neighbour reader on real digits mixed with
augmented or generated ones, over a grid of ratios and strengths and several seeds;
:func:`build_synthetic_widget` only selects a precomputed cell and redraws.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from helpers.synth.synthetic import (
    _check_int,
)

RATIOS = (0, 1, 2, 4, 8, 16, 32)
STRENGTHS = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0)
AUG_OPS = ("shift", "crop", "rotate", "thickness")  # test digits are clean: no noise
K_NEIGHBOURS = 5


def knn_predict(
    train: np.ndarray, y_train: np.ndarray, test: np.ndarray, *, k: int = K_NEIGHBOURS
) -> np.ndarray:
    """Distance-weighted k-nearest-neighbour labels (as scikit-learn's
    ``KNeighborsClassifier(k, weights="distance")``), shape (n_test,)."""
    return _knn_vote(_distances(test, train), np.asarray(y_train), k=k)


def _distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Euclidean distances between rows, shape (len(a), len(b))."""
    sq = (a**2).sum(1)[:, None] + (b**2).sum(1)[None] - 2 * a @ b.T
    return np.sqrt(np.maximum(sq, 0.0))


def _knn_vote(dist: np.ndarray, y_train: np.ndarray, *, k: int) -> np.ndarray:
    _check_int("k", k)
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
    if not np.isfinite(ratio) or ratio < 0:
        raise ValueError(f"ratio must be a number >= 0, got {ratio}")
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
    class), shape (n_strengths, 10, 8, 8).
    """

    ratios: tuple
    strengths: tuple
    seeds: tuple
    accuracy: dict[str, np.ndarray]
    examples: dict[str, np.ndarray]

    def at(self, source: str, strength: float, ratio: float) -> np.ndarray:
        if source not in self.accuracy:
            raise ValueError(
                f"source must be one of {sorted(self.accuracy)}, got {source!r}"
            )
        if strength not in self.strengths or ratio not in self.ratios:
            raise ValueError(
                f"strength must be in {self.strengths} and ratio in {self.ratios}, "
                f"got {strength}, {ratio}"
            )
        i, j = self.strengths.index(strength), self.ratios.index(ratio)
        return self.accuracy[source][:, i, j]  # (n_seeds,)


def compute_digits_grid(
    *,
    seeds: Sequence[int],
    ratios: Sequence[int] = RATIOS,
    strengths: Sequence[float] = STRENGTHS,
    per_class: int = 10,
    vae_steps: int = 200,
) -> DigitsGrid:
    """Train-and-test every (source, strength, ratio, seed) cell; see DigitsGrid.

    ``augmented``: the real images through :class:`helpers.synth.augment.DigitAugmenter`
    at that strength. ``generated``: a conditional VAE trained on the same real
    images, sampled at temperature = strength. Classifier: 5-nearest neighbours.
    """
    from helpers.core.data import labelled_subset, load_digits_split
    from helpers.synth.augment import DigitAugmenter
    from helpers.synth.vae import VaeConfig, generate, train_vae

    if not seeds or min(ratios) < 0 or not strengths:
        raise ValueError("need seeds, ratios >= 0 and at least one strength")
    d = load_digits_split()
    top = int(max(ratios))
    acc = {
        s: np.zeros((len(seeds), len(strengths), len(ratios)))
        for s in ("augmented", "generated")
    }
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
            for source, X_extra in extra.items():
                if a == 0:
                    first = [int(np.flatnonzero(y_extra == c)[0]) for c in range(10)]
                    examples[source][b] = X_extra[first].reshape(10, 8, 8)
                X_all = np.concatenate([X, X_extra])  # (100 * (1 + top), 64)
                y_all = np.concatenate([y, y_extra])
                dist = _distances(X_test, X_all.astype(np.float32))  # (n_test, n_all)
                for c, ratio in enumerate(ratios):
                    n = len(mix(X, y, X_extra, y_extra, ratio=ratio)[1])  # validates
                    pred = _knn_vote(dist[:, :n], y_all[:n], k=K_NEIGHBOURS)
                    acc[source][a, b, c] = (pred == d.y_test).mean()
    return DigitsGrid(tuple(ratios), tuple(strengths), tuple(seeds), acc, examples)


def digits_grid(
    *, seeds: Sequence[int] | None = None, verbose: bool = True
) -> DigitsGrid:
    """The grid, cached by :func:`helpers.core.cache.cached` (5 seeds; 3 if fast)."""
    from helpers.core.cache import cached
    from helpers.core.config import pick

    seeds = (
        tuple(seeds)
        if seeds is not None
        else pick(normal=(0, 1, 2, 3, 4), fast=(0, 1, 2))
    )
    return cached(
        "synthetic_digits_grid",
        lambda: compute_digits_grid(seeds=seeds),
        params={"seeds": seeds, "ratios": RATIOS, "strengths": STRENGTHS, "version": 2},
        verbose=verbose,
    )


def plot_ratio_curves(grid: DigitsGrid, *, strength: float, ratio: float, ax=None):
    """Median test accuracy (IQR band) against the synthetic-to-real ratio."""
    from helpers.ui.plots import color_for, label_axes, median_band, new_ax

    ax = new_ax(ax)
    x = np.arange(len(grid.ratios))  # even spacing: ratios double
    i = grid.strengths.index(strength)
    for source in ("augmented", "generated"):
        median_band(
            x,
            grid.accuracy[source][:, i, :],
            label=source,
            ax=ax,
            color=color_for("augmented" if source == "augmented" else "synthetic"),
            marker="o",
            ms=3,
        )
    base = np.median(grid.accuracy["augmented"][:, i, 0])
    ax.axhline(base, color="grey", ls=":", lw=1, label="real only")
    ax.axvline(grid.ratios.index(ratio), color="black", lw=0.8)
    ax.set_xticks(x, [str(r) for r in grid.ratios])
    label_axes(
        ax,
        title=f"Adding extra digits at strength {strength}",
        xlabel="extra images per real image (ratio)",
        ylabel="test accuracy (real digits)",
    )
    ax.legend(loc="lower left", fontsize="small")
    return ax


def _montage(rows: list[np.ndarray]) -> np.ndarray:
    """Rows of (10, 8, 8) images as one (9 * n_rows, 90) picture with 1-px gaps."""
    canvas = np.ones((9 * len(rows), 90)) * np.nan
    for r, imgs in enumerate(rows):
        for c, img in enumerate(imgs):
            canvas[9 * r : 9 * r + 8, 9 * c : 9 * c + 8] = img
    return canvas


def _middle(options: tuple, preferred):
    return preferred if preferred in options else options[len(options) // 2]


def build_synthetic_widget(*, grid: DigitsGrid | None = None):
    """Ratio and strength sliders over the precomputed grid; callbacks only select."""

    from helpers.ui.widgets import InteractiveFigure, steps

    grid = grid or digits_grid(verbose=False)

    def draw(axes: np.ndarray, p: dict) -> str:
        strength, ratio = p["strength"], p["ratio"]
        plot_ratio_curves(grid, strength=strength, ratio=ratio, ax=axes[0, 0])
        i = grid.strengths.index(strength)
        ax = axes[0, 1]
        ax.imshow(
            _montage([grid.examples[s][i] for s in ("augmented", "generated")]),
            cmap="gray_r",
        )
        ax.set_yticks([4, 13], ["augmented", "generated"])
        ax.set_xticks([])
        ax.grid(False)
        ax.set_title(f"Extra training digits at strength {strength}")
        real = np.median(grid.at("augmented", strength, 0))
        parts = [f"real only: <b>{real:.3f}</b>"]
        for source in ("augmented", "generated"):
            value = np.median(grid.at(source, strength, ratio))
            parts.append(
                f"+ {source}: <b>{value:.3f}</b> ({100 * (value - real):+.1f} points)"
            )
        return (
            f"{len(grid.seeds)} seeds, median test accuracy at ratio {ratio}: "
            + "; ".join(parts)
        )

    controls = {
        "ratio": steps(
            "extra : real ratio", grid.ratios, value=_middle(grid.ratios, 8)
        ),
        "strength": steps(
            "strength", grid.strengths, value=_middle(grid.strengths, 0.5)
        ),
    }
    return InteractiveFigure(
        controls,
        draw,
        ncols=2,
        figsize=(9.5, 3.4),
        adjust={
            "left": 0.07,
            "right": 0.98,
            "bottom": 0.16,
            "top": 0.88,
            "wspace": 0.25,
        },
    )
