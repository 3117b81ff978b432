"""The embedding explorer of lesson 09: precomputed SimCLR runs, shown on demand.

:func:`compute_explorer_grid` trains one short SimCLR run per (temperature,
augmentation strength) pair, snapshots the representation at a few epochs, and
reduces each snapshot to what the widget shows: a 2-D layout of test digits (PCA and
t-SNE), alignment, uniformity and the linear-probe accuracy with 10 labels per class.
:func:`build_embedding_widget` only selects and draws.

The t-SNE layouts come from :func:`helpers.represent.projection.tsne_sequence`, which
lays out all runs at once, each epoch starting from the previous epoch's layout so
points move smoothly as the slider moves.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import ipywidgets as w
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from helpers.core import cache, config
from helpers.core.data import labelled_subset, load_digits_split
from helpers.represent.contrastive import SimCLRConfig, train_simclr
from helpers.represent.probe import linear_probe
from helpers.represent.projection import pca_2d, plot_embedding, tsne_sequence
from helpers.ui.plots import color_for, label_axes, new_ax
from helpers.ui.widgets import InteractiveFigure, dropdown, toggle

PROJECTIONS = ("t-SNE", "PCA")


# -------------------------------------------------------------- the grid


@dataclass(frozen=True)
class ExplorerSpec:
    """Which runs the explorer precomputes (everything else from ``base``)."""

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
        if list(self.snapshot_epochs) != sorted(set(self.snapshot_epochs)):
            raise ValueError(
                f"snapshot_epochs must increase, got {self.snapshot_epochs}"
            )
        for t in self.temperatures:
            SimCLRConfig(temperature=t)  # a clear error for t <= 0
        for s in self.strengths:
            SimCLRConfig(strength=s)  # and for strengths outside [0, 2]
        if self.n_points < 3 or self.probe_seeds < 1:
            raise ValueError("n_points must be >= 3 and probe_seeds >= 1")

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


def compute_explorer_grid(spec: ExplorerSpec | None = None) -> ExplorerGrid:
    """Train every run of ``spec`` and reduce its snapshots (the slow part)."""
    import time

    from sklearn.decomposition import PCA

    spec = spec or default_spec()
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

    pca = PCA(32, random_state=0).fit(split.X_pool)
    baselines = {
        "raw pixels": probe(split.X_pool, split.X_test),
        "pca": probe(pca.transform(split.X_pool), pca.transform(split.X_test)),
    }
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
    """:func:`compute_explorer_grid`, through the cache."""
    spec = spec or default_spec()
    return cache.cached(
        "contrastive_explorer",
        lambda: compute_explorer_grid(spec),
        params={**spec.as_params(), "version": 2},
        verbose=verbose,
    )


# ------------------------------------------------------------ select and draw


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


def plot_alignment_uniformity(
    grid: ExplorerGrid,
    view: ExplorerView,
    *,
    ax: Axes | None = None,
    baselines: dict[str, float] | None = None,
) -> Axes:
    """Every run's path in the (uniformity, alignment) plane; the current one bold.

    With ``baselines``, the probe accuracy of this setting and of raw pixels and PCA
    is written in a corner.
    """
    ax = new_ax(ax)
    # All other runs as one artist (NaN breaks the line between runs): fast redraws.
    others = [
        (t, s) for t, s in grid.alignment if (t, s) != (view.temperature, view.strength)
    ]
    nan = np.array([np.nan])
    xs = np.concatenate(
        [np.concatenate([grid.uniformity[k], nan]) for k in others] or [nan]
    )
    ys = np.concatenate(
        [np.concatenate([grid.alignment[k], nan]) for k in others] or [nan]
    )
    ax.plot(
        xs,
        ys,
        "-o",
        ms=3,
        lw=0.8,
        color=color_for("baseline"),
        alpha=0.5,
        label="other runs",
    )
    key = (view.temperature, view.strength)
    ax.plot(
        grid.uniformity[key],
        grid.alignment[key],
        "-o",
        ms=4,
        lw=2.2,
        color=color_for("contrastive"),
        label="this run",
    )
    ax.plot(
        view.uniformity,
        view.alignment,
        "o",
        ms=11,
        mfc="none",
        mew=2,
        color=color_for("wrong"),
        label=f"epoch {view.epoch}",
    )
    ax.legend(loc="upper right", fontsize="small")
    if baselines is not None:
        ax.text(
            0.02,
            0.03,
            f"linear probe, 10 labels/class: {view.probe:.3f}\n"
            f"raw pixels {baselines['raw pixels']:.3f} · PCA "
            f"{baselines['pca']:.3f}",
            transform=ax.transAxes,
            fontsize=9,
            va="bottom",
        )
    _few_ticks(ax)
    return label_axes(
        ax,
        title="Alignment vs uniformity",
        xlabel="uniformity (lower: more spread out)",
        ylabel="alignment (lower: views closer)",
    )


def _few_ticks(ax: Axes, n: int = 4) -> None:
    """Fewer tick labels: most of a redraw's time goes into making ticks."""
    ax.xaxis.set_major_locator(MaxNLocator(n))
    ax.yaxis.set_major_locator(MaxNLocator(n))


def build_embedding_widget(grid: ExplorerGrid | None = None) -> InteractiveFigure:
    """The lesson's centrepiece: move epoch, temperature, strength and projection."""
    grid = grid or explorer_grid(verbose=False)
    spec = grid.spec

    def draw(axes: np.ndarray, p: dict[str, Any]) -> str:
        view = explorer_view(
            grid,
            temperature=p["temperature"],
            strength=p["strength"],
            epoch=p["epoch"],
            projection=p["projection"],
        )
        plot_embedding(
            view.points,
            grid.labels,
            ax=axes[0, 0],
            projection=view.projection,
            limits=view.limits,
            title=f"Test digits, epoch {view.epoch} ({view.projection})",
        )
        plot_alignment_uniformity(grid, view, ax=axes[0, 1], baselines=grid.baselines)
        return view.to_html(grid.baselines)

    default = SimCLRConfig()
    tau = default.temperature if default.temperature in spec.temperatures else None
    strength = default.strength if default.strength in spec.strengths else None
    controls = {
        "epoch": w.SelectionSlider(
            description="epoch",
            options=list(spec.snapshot_epochs),
            value=spec.snapshot_epochs[-1],
            continuous_update=False,
            style={"description_width": "initial"},
            layout=w.Layout(width="300px"),
        ),
        "temperature": dropdown(
            "temperature τ", list(spec.temperatures), value=tau or spec.temperatures[0]
        ),
        "strength": dropdown(
            "augmentation strength",
            list(spec.strengths),
            value=strength or spec.strengths[0],
        ),
        "projection": toggle("projection", list(PROJECTIONS), value="t-SNE"),
    }
    return InteractiveFigure(
        controls,
        draw,
        ncols=2,
        figsize=(10.0, 4.4),
        adjust={
            "left": 0.04,
            "right": 0.98,
            "bottom": 0.13,
            "top": 0.91,
            "wspace": 0.2,
        },
    )


def grid_table(grid: ExplorerGrid, *, epoch: int | None = None) -> pd.DataFrame:
    """One row per precomputed run at ``epoch`` (default: the last snapshot)."""
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
