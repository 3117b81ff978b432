"""The precomputed grid behind lesson 09's embedding explorer (compute only).

:func:`compute_explorer_grid` trains one short SimCLR run per (temperature,
augmentation strength) pair, snapshots the representation at a few epochs, and
reduces each snapshot to what the widget shows: a 2-D layout of test digits (PCA and
t-SNE), alignment, uniformity and the linear-probe accuracy with 10 labels per class.
:func:`explorer_grid` caches it; :func:`explorer_view` selects one setting and
:func:`grid_table` tabulates the runs at one epoch.

The t-SNE layouts come from :func:`helpers.represent.projection.tsne_sequence`, which
lays out all runs at once, each epoch starting from the previous epoch's layout so
points move smoothly as the slider moves. The figures are in
:mod:`helpers.represent.explorer_plots`, the widget in
:mod:`helpers.represent.contrastive_widget`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from helpers.core import artefacts, config
from helpers.core.data import labelled_subset, load_digits_split
from helpers.core.validation import (
    check_array,
    check_choice,
    check_int,
    check_labels,
    check_real,
)
from helpers.represent.contrastive import MAX_EPOCHS, SimCLRConfig, train_simclr
from helpers.represent.probe import baseline_sets, linear_probe
from helpers.represent.projection import pca_2d, tsne_sequence
from helpers.synth.augment import MAX_STRENGTH

PROJECTIONS = ("t-SNE", "PCA")
MAX_POINTS = 50
"""At most this many test digits per class are shown (the test set has about 50)."""
MAX_PROBE_SEEDS = 100


@dataclass(frozen=True)
class ExplorerSpec:
    """Which runs the explorer precomputes (everything else from ``base``).

    ``n_points`` (test digits shown per class) is in 4..:data:`MAX_POINTS`: the
    t-SNE layout (perplexity 30) needs at least 31 points. ``probe_seeds`` is in
    1..:data:`MAX_PROBE_SEEDS`; snapshot epochs increase, at most
    :data:`helpers.represent.contrastive.MAX_EPOCHS`.
    """

    temperatures: tuple[float, ...] = (0.05, 0.2, 1.0)
    strengths: tuple[float, ...] = (0.25, 1.0, 2.0)
    snapshot_epochs: tuple[int, ...] = (0, 1, 3, 6, 10)
    n_points: int = 20  # test digits shown per class
    probe_seeds: int = 3
    base: SimCLRConfig = field(default_factory=SimCLRConfig)

    def __post_init__(self) -> None:
        if not self.temperatures or not self.strengths or not self.snapshot_epochs:
            raise ValueError(
                "temperatures, strengths and snapshot_epochs must be non-empty"
            )
        for e in self.snapshot_epochs:
            check_int("snapshot_epochs", e, low=0, high=MAX_EPOCHS)
        if list(self.snapshot_epochs) != sorted(set(self.snapshot_epochs)):
            raise ValueError(
                f"snapshot_epochs must increase, got {self.snapshot_epochs}"
            )
        for t in self.temperatures:
            SimCLRConfig(temperature=t)  # a clear error for t <= 0
        for s in self.strengths:
            SimCLRConfig(strength=s)  # and for strengths outside [0, 2]
        check_int("n_points", self.n_points, low=4, high=MAX_POINTS)
        check_int("probe_seeds", self.probe_seeds, low=1, high=MAX_PROBE_SEEDS)
        if not isinstance(self.base, SimCLRConfig):
            raise TypeError(
                f"base must be a SimCLRConfig, got {type(self.base).__name__}"
            )

    @property
    def epochs(self) -> int:
        return self.snapshot_epochs[-1]

    def as_params(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["base"] = self.base.as_params()
        return d


def default_spec() -> ExplorerSpec:
    """The lesson's explorer: 3 x 3 runs of 10 epochs (2 x 3 runs of 4 when fast)."""
    return config.pick(
        normal=ExplorerSpec(),
        fast=ExplorerSpec(
            temperatures=(0.2, 1.0),
            strengths=(0.25, 1.0, 2.0),
            snapshot_epochs=(0, 1, 2, 4),
            n_points=15,
            probe_seeds=2,
        ),
    )


@dataclass
class ExplorerGrid:
    """Everything the widget shows, for every run and snapshot."""

    spec: ExplorerSpec
    labels: np.ndarray  # (n_shown,) class of each shown test digit
    layouts: dict[tuple[float, float, str], np.ndarray]  # -> (n_snap, n_shown, 2)
    alignment: dict[tuple[float, float], np.ndarray]  # -> (n_snap,)
    uniformity: dict[tuple[float, float], np.ndarray]  # -> (n_snap,)
    probe: dict[tuple[float, float], np.ndarray]  # -> (n_snap,) median accuracy
    baselines: dict[str, float]  # probe accuracy of raw pixels and PCA
    seconds: float = 0.0

    def __post_init__(self) -> None:
        if not isinstance(self.spec, ExplorerSpec):
            raise TypeError(
                f"spec must be an ExplorerSpec, got {type(self.spec).__name__}"
            )
        check_labels("labels", self.labels)
        check_real("seconds", self.seconds, low=0)


def compute_explorer_grid(spec: ExplorerSpec | None = None) -> ExplorerGrid:
    """Train every run of ``spec`` and reduce its snapshots (the slow part)."""
    spec = spec or default_spec()
    if not isinstance(spec, ExplorerSpec):
        raise TypeError(f"spec must be an ExplorerSpec, got {type(spec).__name__}")
    start = time.perf_counter()
    split = load_digits_split()
    n_pool = len(split.y_pool)
    eval_images = np.concatenate([split.images_pool, split.images_test])
    shown = labelled_subset(split.y_test, per_class=spec.n_points, seed=0)
    seeds = tuple(range(spec.probe_seeds))
    n_snap = len(spec.snapshot_epochs)

    def probe(pool: np.ndarray, test: np.ndarray) -> float:
        accs = linear_probe(
            pool, split.y_pool, test, split.y_test, per_class=10, seeds=seeds
        )
        return float(np.median(accs))

    baselines = {name: probe(*sets) for name, sets in baseline_sets(split).items()}
    keys = [(t, s) for t in spec.temperatures for s in spec.strengths]
    feats: dict[tuple[float, float], list[np.ndarray]] = {}
    grid = ExplorerGrid(spec, split.y_test[shown], {}, {}, {}, {}, baselines)
    for t, s in keys:
        cfg = replace(spec.base, temperature=t, strength=s, epochs=spec.epochs)
        run = train_simclr(
            split.images_pool,
            config=cfg,
            eval_images=eval_images,
            snapshot_epochs=spec.snapshot_epochs,
        )
        snaps = [run.snapshots[e] for e in spec.snapshot_epochs]
        grid.alignment[t, s] = np.array([x.alignment for x in snaps])
        grid.uniformity[t, s] = np.array([x.uniformity for x in snaps])
        grid.probe[t, s] = np.array(
            [probe(x.features[:n_pool], x.features[n_pool:]) for x in snaps]
        )
        feats[t, s] = [x.features[n_pool:][shown] for x in snaps]
        pcs: list[np.ndarray] = []
        for f in feats[t, s]:
            pcs.append(pca_2d(f, like=pcs[-1] if pcs else None))
        grid.layouts[t, s, "PCA"] = np.stack(pcs).astype(np.float32)
    # t-SNE: all runs at once, each epoch warm-started from the previous one.
    per_epoch = tsne_sequence(
        [np.stack([_standardise(feats[key][k]) for key in keys]) for k in range(n_snap)]
    )  # n_snap arrays (B, n_shown, 2)
    stacked = np.stack(per_epoch, axis=1)  # (B, n_snap, n_shown, 2)
    for i, (t, s) in enumerate(keys):
        grid.layouts[t, s, "t-SNE"] = stacked[i].astype(np.float32)
    grid.seconds = time.perf_counter() - start
    return grid


def _standardise(f: np.ndarray) -> np.ndarray:
    return (f - f.mean(axis=0)) / (f.std() or 1.0)


def explorer_grid(
    spec: ExplorerSpec | None = None, *, verbose: bool = True
) -> ExplorerGrid:
    """:func:`compute_explorer_grid`: the shipped artefact (``make artefacts``) when it
    is current, else through the cache."""
    spec = spec or default_spec()
    if not isinstance(spec, ExplorerSpec):
        raise TypeError(f"spec must be an ExplorerSpec, got {type(spec).__name__}")
    return artefacts.shipped(
        "contrastive_explorer",
        lambda: compute_explorer_grid(spec),
        params=spec.as_params(),
        verbose=verbose,
    )


@dataclass(frozen=True)
class ExplorerView:
    """One setting of the explorer: the layout and the numbers to show."""

    temperature: float
    strength: float
    epoch: int
    projection: str
    points: np.ndarray  # (n_shown, 2)
    limits: tuple[float, float, float, float]  # x0, x1, y0, y1 over all epochs
    alignment: float
    uniformity: float
    probe: float

    def __post_init__(self) -> None:
        check_real("temperature", self.temperature, low=0, open_low=True)
        check_real("strength", self.strength, low=0, high=MAX_STRENGTH)
        check_int("epoch", self.epoch, low=0, high=MAX_EPOCHS)
        check_choice("projection", self.projection, PROJECTIONS)
        check_array("points", self.points, ndim=2)
        if len(self.limits) != 4:
            raise ValueError(f"limits must be (x0, x1, y0, y1), got {self.limits}")
        for value in self.limits:
            check_real("limits", value)
        check_real("alignment", self.alignment)
        check_real("uniformity", self.uniformity)
        check_real("probe", self.probe, low=0, high=1)

    def to_html(self, baselines: dict[str, float]) -> str:
        return (
            f"τ = <b>{self.temperature:g}</b>, strength <b>{self.strength:g}</b>, "
            f"epoch <b>{self.epoch}</b>: alignment <b>{self.alignment:.2f}</b>, "
            f"uniformity <b>{self.uniformity:.2f}</b> (both: lower is better) "
            f"&nbsp;|&nbsp; linear probe, 10 labels per class: <b>{self.probe:.3f}</b> "
            f"(raw pixels {baselines['raw pixels']:.3f}, PCA {baselines['pca']:.3f})"
        )


def explorer_view(
    grid: ExplorerGrid,
    *,
    temperature: float,
    strength: float,
    epoch: int,
    projection: str = "t-SNE",
) -> ExplorerView:
    """Select one precomputed setting (a pure function of the controls)."""
    _check_grid(grid)
    spec = grid.spec
    if temperature not in spec.temperatures:
        raise ValueError(
            f"temperature {temperature} was not precomputed; choose "
            f"from {spec.temperatures}"
        )
    if strength not in spec.strengths:
        raise ValueError(
            f"strength {strength} was not precomputed; choose from {spec.strengths}"
        )
    if epoch not in spec.snapshot_epochs:
        raise ValueError(
            f"epoch {epoch} has no snapshot; choose from {spec.snapshot_epochs}"
        )
    if projection not in PROJECTIONS:
        raise ValueError(f"projection must be one of {PROJECTIONS}, got {projection!r}")
    k = spec.snapshot_epochs.index(epoch)
    every = grid.layouts[temperature, strength, projection]  # (n_snap, n_shown, 2)
    lo, hi = every.min(axis=(0, 1)), every.max(axis=(0, 1))
    pad = 0.05 * (hi - lo)
    key = (temperature, strength)
    return ExplorerView(
        temperature,
        strength,
        epoch,
        projection,
        every[k],
        (lo[0] - pad[0], hi[0] + pad[0], lo[1] - pad[1], hi[1] + pad[1]),
        float(grid.alignment[key][k]),
        float(grid.uniformity[key][k]),
        float(grid.probe[key][k]),
    )


def grid_table(grid: ExplorerGrid, *, epoch: int | None = None) -> pd.DataFrame:
    """One row per precomputed run at ``epoch`` (default: the last snapshot)."""
    _check_grid(grid)
    spec = grid.spec
    epoch = spec.epochs if epoch is None else epoch
    if epoch not in spec.snapshot_epochs:
        raise ValueError(f"epoch must be one of {spec.snapshot_epochs}, got {epoch}")
    k = spec.snapshot_epochs.index(epoch)
    rows = [
        {
            "temperature": t,
            "strength": s,
            "alignment": grid.alignment[t, s][k],
            "uniformity": grid.uniformity[t, s][k],
            "probe, 10/class": grid.probe[t, s][k],
        }
        for t, s in grid.alignment
    ]
    return pd.DataFrame(rows).set_index(["temperature", "strength"]).round(3)


def _check_grid(grid: ExplorerGrid) -> None:
    if not isinstance(grid, ExplorerGrid):
        raise TypeError(f"grid must be an ExplorerGrid, got {type(grid).__name__}")
