"""One look for every figure: a theme, one palette, and small plot functions.

Plot functions take ``ax=None`` (a new figure is made when it is None), draw on it and
return it. They never call ``plt.show()``. Colours for things that recur across lessons
(strategies, splits, methods, classes) come from :func:`color_for` and
:func:`class_colors`, so "margin sampling" is the same colour in every lesson.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from helpers.core.validation import check_array, check_choice, check_int

# A colour-blind-friendly base (Okabe-Ito) for named things and classes; grey darkened
# (#5F5F5F) so that it stays apart from green under deuteranopia.
# tests/ui/test_colour_vision.py holds every group below to a minimum colour distance
# under normal vision and simulated deuteranopia.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#5F5F5F",
}

PALETTE: dict[str, str] = {
    # baselines and reference lines
    "random": OKABE_ITO["grey"],
    "baseline": OKABE_ITO["grey"],
    "supervised": OKABE_ITO["black"],
    "fully supervised": OKABE_ITO["black"],
    # splits
    "train": OKABE_ITO["blue"],
    "validation": OKABE_ITO["orange"],
    "test": OKABE_ITO["vermillion"],
    "pool": OKABE_ITO["sky"],
    # uncertainty strategies
    "least_confidence": OKABE_ITO["sky"],
    "margin": OKABE_ITO["blue"],
    "entropy": OKABE_ITO["green"],
    # committees, diversity, hybrids
    "qbc_vote_entropy": OKABE_ITO["purple"],
    "qbc_consensus_kl": "#0609F9",
    "kmeans": OKABE_ITO["yellow"],
    "coreset": "#6F2304",
    "hybrid": OKABE_ITO["vermillion"],
    # labeling and learning methods
    "self_training": OKABE_ITO["blue"],
    "class_balanced": OKABE_ITO["green"],
    "majority_vote": OKABE_ITO["orange"],
    "dawid_skene": OKABE_ITO["blue"],
    "label_model": OKABE_ITO["blue"],
    "real": OKABE_ITO["black"],
    "synthetic": OKABE_ITO["orange"],
    "augmented": OKABE_ITO["green"],
    "contrastive": OKABE_ITO["blue"],
    "raw pixels": OKABE_ITO["grey"],
    "pca": OKABE_ITO["orange"],
    # outlier rules (lesson 02)
    "z_score": OKABE_ITO["sky"],
    "iqr": OKABE_ITO["blue"],
    "isolation_forest": OKABE_ITO["purple"],
    # label sources (lesson 08)
    "dev_only": OKABE_ITO["grey"],
    "hand_labels": OKABE_ITO["black"],
    "weak_supervision": OKABE_ITO["blue"],
    # outcomes
    "correct": OKABE_ITO["green"],
    "wrong": OKABE_ITO["vermillion"],
    "before": OKABE_ITO["grey"],
    "after": OKABE_ITO["blue"],
}

PALETTE_GROUPS: dict[str, tuple[str, ...]] = {
    "splits": ("train", "validation", "test", "pool"),
    "strategies": (
        "random",
        "least_confidence",
        "margin",
        "entropy",
        "qbc_vote_entropy",
        "qbc_consensus_kl",
        "kmeans",
        "coreset",
        "hybrid",
    ),
    "self-training": ("supervised", "self_training", "class_balanced", "random"),
    "crowd": ("majority_vote", "dawid_skene", "supervised"),
    "label sources": ("dev_only", "hand_labels", "weak_supervision", "majority_vote"),
    "synthetic data": ("real", "synthetic", "augmented"),
    "representations": ("contrastive", "raw pixels", "pca"),
    "outlier rules": ("z_score", "iqr", "isolation_forest"),
    "outcomes": ("correct", "wrong"),
    "before and after": ("before", "after"),
}
"""Names that figures draw side by side: their colours must stay apart."""

# Colours of classes 0-9: Okabe-Ito, then three picked to stay apart from them under
# deuteranopia (tab10's orange and olive look alike to a deuteranope).
CLASS_COLORS = (
    OKABE_ITO["blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["green"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["purple"],
    OKABE_ITO["sky"],
    OKABE_ITO["yellow"],
    "#0609F9",
    "#6F2304",
    "#2D70FE",
)

_FALLBACK = [
    "#1B9E77",
    "#D95F02",
    "#7570B3",
    "#E7298A",
    "#66A61E",
    "#E6AB02",
    "#A6761D",
    "#666666",
]


def _canonical(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def color_for(name: str) -> str:
    """The workbook's colour for a recurring thing (strategy, split, method).

    Names are matched case-insensitively, with spaces and dashes read as underscores.
    Unknown names get a stable colour derived from the name, so a figure never changes
    colours between runs.
    """
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"name must be a non-empty string, got {name!r}")
    table = {_canonical(k): v for k, v in PALETTE.items()}
    key = _canonical(name)
    if key in table:
        return table[key]
    code = sum((i + 1) * ord(ch) for i, ch in enumerate(key))
    return _FALLBACK[code % len(_FALLBACK)]


MAX_COLUMNS = 1000
"""Most images per row a montage or image grid lays out."""

MAX_CLASS_COLORS = 20
"""tab20 has 20 distinct colours; more classes could not be told apart."""


def class_colors(n_classes: int = 10) -> list[str]:
    """Colours for class labels 0..n-1 (:data:`CLASS_COLORS`, tab20 beyond ten).

    At most :data:`MAX_CLASS_COLORS` classes: beyond that colours would repeat.
    """
    n_classes = check_int("n_classes", n_classes, low=1, high=MAX_CLASS_COLORS)
    if n_classes <= len(CLASS_COLORS):
        return list(CLASS_COLORS[:n_classes])
    cmap = mpl.colormaps["tab20"]
    return [mpl.colors.to_hex(cmap(i)) for i in range(n_classes)]


def set_theme(*, context: str = "notebook") -> None:
    """The workbook's plotting theme; call it once in a lesson's setup cell.

    ``context`` scales fonts and lines: "paper", "notebook", "talk" or "poster".
    """
    check_choice("context", context, ("paper", "notebook", "talk", "poster"))
    import seaborn as sns

    sns.set_theme(context=context, style="whitegrid", font_scale=0.95)
    mpl.rcParams.update(
        {
            "figure.figsize": (7.0, 4.0),
            "figure.dpi": 90,
            "axes.titleweight": "bold",
            "axes.titlesize": 11,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "legend.frameon": False,
            "image.cmap": "gray_r",
        }
    )


def new_ax(ax: Axes | None = None, *, figsize: tuple[float, float] = (7, 4)) -> Axes:
    """``ax`` itself, or the axes of a fresh figure when ``ax`` is None."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def label_axes(ax: Axes, *, title: str, xlabel: str, ylabel: str) -> Axes:
    """Title and axis labels in one call: every workbook figure has all three."""
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def median_band(
    x: Sequence[float] | np.ndarray,
    runs: np.ndarray,
    *,
    label: str,
    ax: Axes | None = None,
    color: str | None = None,
    band: tuple[float, float] = (25, 75),
    **line_kw,
) -> Axes:
    """Median over seeds as a line, with a percentile band (default: inter-quartile).

    Parameters
    ----------
    x : positions, shape ``(n_points,)``.
    runs : values, shape ``(n_seeds, n_points)``; NaN entries are ignored.
    """
    x = check_array("x", x, ndim=1)  # (n_points,)
    runs = check_array("runs", runs, ndim=(1, 2), finite=False)
    runs = np.atleast_2d(runs)  # (n_seeds, n_points); NaN: no value there
    if runs.shape[1] != x.shape[0]:
        raise ValueError(
            f"runs must have shape (n_seeds, {x.shape[0]}) to match x, got {runs.shape}"
        )
    lo_q, hi_q = band
    if not 0 <= lo_q < hi_q <= 100:
        raise ValueError(
            f"band must be two percentiles 0 <= lo < hi <= 100, got {band}"
        )
    ax = new_ax(ax)
    color = color or color_for(label)
    med = np.nanmedian(runs, axis=0)
    ax.plot(x, med, color=color, label=label, **line_kw)
    if runs.shape[0] > 1:
        lo, hi = np.nanpercentile(runs, [lo_q, hi_q], axis=0)
        ax.fill_between(x, lo, hi, color=color, alpha=0.2, linewidth=0)
    return ax


def median_curves(
    x: Sequence[float] | np.ndarray,
    curves: Mapping[str, np.ndarray],
    *,
    ax: Axes | None = None,
    title: str,
    xlabel: str,
    ylabel: str,
) -> Axes:
    """Several :func:`median_band` curves on one axes, labelled and with a legend."""
    ax = new_ax(ax)
    for name, runs in curves.items():
        median_band(x, runs, label=name, ax=ax)
    label_axes(ax, title=title, xlabel=xlabel, ylabel=ylabel)
    ax.legend(loc="lower right", fontsize="small")  # fixed: "best" is slow to place
    return ax


def montage(images: np.ndarray, *, ncols: int, gap: int = 1) -> np.ndarray:
    """Small images ``(n, h, w)`` tiled into one picture, ``ncols`` per row.

    Returns an array of shape ``(nrows * (h + gap) - gap, ncols * (w + gap) - gap)``
    with ``nrows = ceil(n / ncols)``; gaps and empty cells are NaN, which
    ``imshow`` leaves blank. Pure NumPy: the picture can be tested without drawing.

    >>> montage(np.ones((3, 2, 2)), ncols=2).shape
    (5, 5)
    """
    images = check_array("images", images, ndim=3, finite=False)
    ncols = check_int("ncols", ncols, low=1, high=MAX_COLUMNS)
    gap = check_int("gap", gap, low=0, high=100)
    n, h, w = images.shape
    nrows = -(-n // ncols)
    canvas = np.full((nrows * (h + gap) - gap, ncols * (w + gap) - gap), np.nan)
    for i, image in enumerate(images):
        top, left = (h + gap) * (i // ncols), (w + gap) * (i % ncols)
        canvas[top : top + h, left : left + w] = image
    return canvas


def image_rows(
    rows: Mapping[str, np.ndarray],
    *,
    title: str,
    xlabel: str = "one column per image",
    ax: Axes | None = None,
    cmap: str = "gray_r",
    vmin: float | None = 0.0,
    vmax: float | None = 1.0,
) -> Axes:
    """Labelled rows of small images (``{row label: (n, h, w)}``) drawn as one
    :func:`montage` on a single axes; shorter rows are padded with blanks."""
    if not isinstance(rows, Mapping) or not rows:
        raise ValueError("rows must map row labels to arrays of shape (n, h, w)")
    arrays = [
        check_array(f"rows[{k!r}]", v, ndim=3, finite=False) for k, v in rows.items()
    ]
    if len({a.shape[1:] for a in arrays}) > 1:
        shapes = [a.shape[1:] for a in arrays]
        raise ValueError(f"every row must hold images of one size, got {shapes}")
    n = max(len(a) for a in arrays)
    h, w = arrays[0].shape[1:]
    padded = np.concatenate(
        [np.concatenate([a, np.full((n - len(a), h, w), np.nan)]) for a in arrays]
    )  # (n_rows * n, h, w)
    size = (0.75 * n * w / 8 + 1.2, 0.8 * len(rows) * h / 8 + 0.8)  # 8x8 digits
    ax = new_ax(ax, figsize=size)
    ax.imshow(
        montage(padded, ncols=n),
        cmap=cmap,
        vmin=vmin,
        vmax=vmax,
        interpolation="nearest",
    )
    ax.set_yticks([(h + 1) * r + (h - 1) / 2 for r in range(len(rows))], list(rows))
    ax.set_xticks([])
    ax.grid(False)
    return label_axes(ax, title=title, xlabel=xlabel, ylabel="")


def image_grid(
    images: np.ndarray,
    *,
    titles: Sequence[str] | None = None,
    ncols: int = 10,
    axes: np.ndarray | None = None,
    cmap: str = "gray_r",
    suptitle: str | None = None,
) -> np.ndarray:
    """Show small images (``(n, h, w)``, e.g. digits) in a grid; returns the axes array.

    Pass ``axes`` (an array of at least ``n`` axes) to draw into an existing figure.
    """
    images = np.asarray(images)
    if images.ndim != 3 or images.shape[0] == 0:
        raise ValueError(
            f"images must have shape (n, h, w) with n >= 1, got {images.shape}"
        )
    if titles is not None and len(titles) != len(images):
        raise ValueError(f"got {len(titles)} titles for {len(images)} images")
    ncols = check_int("ncols", ncols, low=1, high=MAX_COLUMNS)
    n = len(images)
    if axes is None:
        ncols = min(ncols, n)
        nrows = -(-n // ncols)
        fig, axes = plt.subplots(nrows, ncols, figsize=(1.0 * ncols, 1.15 * nrows))
        if suptitle:
            fig.suptitle(suptitle)
    flat = np.ravel(axes)
    if len(flat) < n:
        raise ValueError(f"need at least {n} axes, got {len(flat)}")
    for i, ax in enumerate(flat):
        ax.clear()
        ax.set_axis_off()
        if i < n:
            ax.imshow(images[i], cmap=cmap, interpolation="nearest")
            if titles is not None:
                ax.set_title(titles[i], fontsize=9)
    return np.asarray(axes)
