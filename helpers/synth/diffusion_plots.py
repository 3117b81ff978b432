"""Figures of lesson 10's 2-D diffusion: point clouds on the lesson's fixed window.

The points come from :func:`helpers.synth.diffusion.forward_noise` and
:func:`helpers.synth.diffusion.sample`.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from helpers.core.validation import check_array
from helpers.ui.plots import color_for, label_axes, new_ax


def plot_points(
    points: np.ndarray, *, title: str, ax: Axes | None = None, name: str = "synthetic"
) -> Axes:
    """A 2-D point cloud ``(n, 2)`` on the fixed [-3, 3]^2 window the lesson uses."""
    points = check_array("points", points, ndim=2)
    if points.shape[1] != 2:
        raise ValueError(f"points must have shape (n, 2), got {points.shape}")
    ax = new_ax(ax, figsize=(3.2, 3.2))
    ax.scatter(points[:, 0], points[:, 1], s=3, alpha=0.5, color=color_for(name))
    ax.set_xlim(-3, 3)
    ax.set_ylim(-3, 3)
    ax.set_aspect("equal")
    return label_axes(ax, title=title, xlabel="x1", ylabel="x2")
