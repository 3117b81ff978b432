"""What contrastive pretraining buys: linear probes against raw pixels and PCA.

* :func:`linear_probe` -- logistic regression on frozen features with ``n`` labels
  per class, the standard test of a representation.
* :func:`pretrained_run` -- lesson 09's SimCLR run on the digits pool, cached.
* :func:`feature_sets` and :func:`probe_curves` -- raw pixels, PCA and the learned
  representation, probed over a range of label budgets and seeds.
* :func:`labels_needed` -- the fewest labels per class that reach an accuracy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import torch
from matplotlib.axes import Axes
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression

from helpers.core import cache, config
from helpers.core.data import DigitsSplit, labelled_subset, load_digits_split
from helpers.represent.contrastive import (
    SimCLRConfig,
    SimCLRRun,
    train_simclr,
    two_views,
)
from helpers.synth.augment import DigitAugmenter
from helpers.ui.plots import color_for, label_axes, median_band, new_ax

FEATURES = ("contrastive", "raw pixels", "pca")
PCA_COMPONENTS = 32


def linear_probe(
    train_features: np.ndarray,
    train_labels: np.ndarray,
    test_features: np.ndarray,
    test_labels: np.ndarray,
    *,
    per_class: int | None,
    seeds: tuple[int, ...] | range = (0,),
    C: float = 1.0,
) -> np.ndarray:
    """Test accuracy of logistic regression on frozen features, one per seed.

    Each seed draws ``per_class`` labelled examples per class from the training
    set (``None``: use every training label, one fit). Features are centred and
    divided by their overall standard deviation (one number, learned on the training
    features), so one regularisation strength ``C`` suits raw pixels, PCA and learned
    features alike without re-weighting individual features.
    """
    a = np.asarray(train_features, dtype=np.float64)
    b = np.asarray(test_features, dtype=np.float64)
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1]:
        raise ValueError(
            f"features must be 2-D with the same width, got {a.shape} and {b.shape}"
        )
    if len(a) != len(train_labels) or len(b) != len(test_labels):
        raise ValueError("each feature matrix needs one label per row")
    if not C > 0:
        raise ValueError(f"C must be > 0, got {C}")
    mean, scale = a.mean(axis=0), a.std() or 1.0
    a, b = (a - mean) / scale, (b - mean) / scale
    y = np.asarray(train_labels)
    subsets = (
        [np.arange(len(y))]
        if per_class is None
        else [labelled_subset(y, per_class=per_class, seed=s) for s in seeds]
    )
    accs = []
    for idx in subsets:
        model = LogisticRegression(C=C, max_iter=2000).fit(a[idx], y[idx])
        accs.append(model.score(b, test_labels))
    return np.asarray(accs)


# ---------------------------------------------------------- the lesson's run


def main_config(*, fast: bool | None = None) -> SimCLRConfig:
    """Lesson 09's SimCLR settings: 60 epochs (8 in fast mode).

    ``fast`` overrides :data:`helpers.core.config.FAST` (the benchmark asks for normal).
    """
    return SimCLRConfig(lr=2e-3, epochs=config.pick(normal=60, fast=8, is_fast=fast))


def pretrained_run(
    run_config: SimCLRConfig | None = None, *, verbose: bool = True
) -> SimCLRRun:
    """SimCLR on the (unlabelled) digits pool, through the cache.

    The final snapshot holds the representation of the pool followed by the test
    set; the labels are never used.
    """
    run_config = run_config or main_config()
    split = load_digits_split()
    eval_images = np.concatenate([split.images_pool, split.images_test])
    return cache.cached(
        "simclr_digits",
        lambda: train_simclr(
            split.images_pool,
            config=run_config,
            eval_images=eval_images,
            snapshot_epochs=(0,),
        ),
        params={**run_config.as_params(), "version": 2},
        verbose=verbose,
    )


def feature_sets(
    run: SimCLRRun, split: DigitsSplit, *, epoch: int | None = None
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """``{name: (pool features, test features)}`` for the three representations.

    ``epoch`` picks a snapshot of the run (default: the last).
    """
    snap = run.final if epoch is None else run.snapshots[epoch]
    n_pool = len(split.y_pool)
    if len(snap.features) != n_pool + len(split.y_test):
        raise ValueError(
            "the run's snapshots must cover the pool followed by the test set"
        )
    pca = PCA(PCA_COMPONENTS, random_state=0).fit(split.X_pool)
    return {
        "contrastive": (snap.features[:n_pool], snap.features[n_pool:]),
        "raw pixels": (split.X_pool, split.X_test),
        "pca": (pca.transform(split.X_pool), pca.transform(split.X_test)),
    }


def probe_curves(
    sets: dict[str, tuple[np.ndarray, np.ndarray]],
    split: DigitsSplit,
    *,
    per_class: tuple[int, ...] = (1, 2, 5, 10, 20, 50),
    seeds: tuple[int, ...] | range = range(5),
) -> pd.DataFrame:
    """Linear-probe accuracy for every feature set, label budget and seed.

    Returns a long table with columns ``features``, ``per_class`` (``0`` stands for
    every pool label, a single fit), ``seed`` and ``accuracy``.
    """
    rows = []
    for name, (pool, test) in sets.items():
        for n in per_class:
            accs = linear_probe(
                pool, split.y_pool, test, split.y_test, per_class=n, seeds=seeds
            )
            rows += [(name, n, s, a) for s, a in zip(seeds, accs, strict=True)]
        (acc,) = linear_probe(pool, split.y_pool, test, split.y_test, per_class=None)
        rows.append((name, 0, 0, acc))
    return pd.DataFrame(rows, columns=["features", "per_class", "seed", "accuracy"])


def probe_summary(curves: pd.DataFrame) -> pd.DataFrame:
    """Median accuracy over seeds: one row per feature set, one column per budget."""
    table = curves.groupby(["features", "per_class"])["accuracy"].median().unstack()
    table = table[[c for c in table.columns if c != 0] + [0]]
    table.columns = [f"{c}/class" if c else "all labels" for c in table.columns]
    return table.loc[[f for f in FEATURES if f in table.index]].round(3)


def labels_needed(curves: pd.DataFrame, features: str, accuracy: float) -> int | None:
    """Fewest labels per class whose median accuracy reaches ``accuracy``.

    None when no budget in ``curves`` gets there.
    """
    med = (
        curves[(curves.features == features) & (curves.per_class > 0)]
        .groupby("per_class")["accuracy"]
        .median()
    )
    if med.empty:
        raise ValueError(f"no probe results for features {features!r}")
    reached = med[med >= accuracy]
    return int(reached.index.min()) if len(reached) else None


# --------------------------------------------------------------------- plots


def plot_probe_curves(curves: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Median accuracy (band: quartiles over seeds) against labels per class."""
    ax = new_ax(ax)
    few = curves[curves.per_class > 0]
    for name in [f for f in FEATURES if f in set(few.features)]:
        table = few[few.features == name].pivot(
            index="seed", columns="per_class", values="accuracy"
        )
        label = "PCA" if name == "pca" else name
        median_band(
            table.columns,
            table.to_numpy(),
            label=label,
            ax=ax,
            marker="o",
            color=color_for(name),
        )
    ax.set_xscale("log")
    budgets = sorted(set(few.per_class))
    ax.set_xticks(budgets, [str(b) for b in budgets])
    ax.minorticks_off()
    ax.legend(loc="lower right")
    return label_axes(
        ax,
        title="Linear probe on frozen features",
        xlabel="labels per class (log scale)",
        ylabel="test accuracy",
    )


def plot_losses(run: SimCLRRun, *, ax: Axes | None = None) -> Axes:
    """InfoNCE per epoch, with the loss of guessing among all other views."""
    ax = new_ax(ax)
    epochs = np.arange(1, len(run.losses) + 1)
    ax.plot(epochs, run.losses, color=color_for("contrastive"), label="training loss")
    chance = np.log(2 * run.config.batch_size - 1)
    ax.axhline(
        chance,
        color=color_for("baseline"),
        ls="--",
        label=f"uniform guess, log(2n - 1) = {chance:.2f}",
    )
    ax.legend(loc="upper right")
    return label_axes(
        ax, title="SimCLR training", xlabel="epoch", ylabel="InfoNCE loss (nats)"
    )


def plot_digit_rows(
    rows: dict[str, np.ndarray], *, title: str, ax: Axes | None = None
) -> Axes:
    """Rows of 8x8 digits, one labelled row per entry, drawn as a single image."""
    if not rows or any(np.asarray(v).shape[1:] != (8, 8) for v in rows.values()):
        raise ValueError("rows must map names to non-empty arrays of shape (n, 8, 8)")
    n = max(len(v) for v in rows.values())
    ax = new_ax(ax, figsize=(0.75 * n + 1.2, 0.8 * len(rows) + 0.8))
    canvas = np.full((9 * len(rows) - 1, 9 * n - 1), np.nan)  # NaN: white gaps
    for r, images in enumerate(rows.values()):
        for c, image in enumerate(np.asarray(images)):
            canvas[9 * r : 9 * r + 8, 9 * c : 9 * c + 8] = image
    ax.imshow(canvas, cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
    ax.set_yticks([9 * r + 3.5 for r in range(len(rows))], list(rows))
    ax.set_xticks([])
    ax.grid(False)
    return label_axes(
        ax, title=title, xlabel="one column per pool image (8 x 8 px)", ylabel=""
    )


def show_positive_pairs(
    images: np.ndarray, *, strength: float = 1.0, n: int = 10, seed: int = 0
) -> Axes:
    """Originals and two augmented views of each: the positive pairs."""
    x = torch.as_tensor(np.asarray(images[:n]), dtype=torch.float32)  # (n, 8, 8)
    gen = torch.Generator().manual_seed(seed)
    v1, v2 = two_views(x, DigitAugmenter(strength=strength), gen)  # (n, 8, 8) each
    return plot_digit_rows(
        {"original": x.numpy(), "view 1": v1.numpy(), "view 2": v2.numpy()},
        title=f"Positive pairs at augmentation strength {strength:g}",
    )
