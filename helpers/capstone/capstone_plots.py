"""Lesson 15's figure: the lifecycle on one time axis (data from
:mod:`helpers.capstone.timeline`)."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from helpers.capstone.timeline import Timeline
from helpers.core.validation import check_real
from helpers.ui.plots import OKABE_ITO, label_axes, new_ax

VERSION_COLORS = {1: OKABE_ITO["blue"], 2: OKABE_ITO["green"]}


def plot_lifecycle(
    timeline: Timeline, *, target: float, ax: Axes | None = None
) -> Axes:
    """Served captcha accuracy per window for v1 then v2, with the site's change,
    the first alert, the relabel-retrain-redeploy step and the target."""
    if not isinstance(timeline, Timeline):
        raise TypeError(f"timeline must be a Timeline, got {type(timeline).__name__}")
    target = check_real("target", target, low=0, high=1)
    ax = new_ax(ax, figsize=(10, 4))
    t = timeline
    for version, name in ((1, "v1 (first model)"), (2, "v2 (retrained)")):
        mine = t.version == version
        ax.plot(
            t.window_end[mine],
            t.accuracy[mine],
            "o-",
            color=VERSION_COLORS[version],
            label=f"served accuracy, {name}",
        )
    ax.axhline(target, color=OKABE_ITO["grey"], ls=":", label=f"target {target:g}")
    ax.axvline(
        t.change_at, color=OKABE_ITO["vermillion"], ls="--", label="the site changes"
    )
    if np.isfinite(t.alert_at):
        ax.axvline(
            t.alert_at, color=OKABE_ITO["orange"], lw=2, label="first monitor alert"
        )
    ax.axvline(
        t.redeploy_at,
        color=OKABE_ITO["black"],
        lw=2,
        label=f"relabel ({t.new_labels} labels), retrain, redeploy",
    )
    end = t.window_end.max()
    ax.axvspan(t.change_at, end, color=OKABE_ITO["vermillion"], alpha=0.06)
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlim(0, end)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    return label_axes(
        ax,
        title="The lifecycle on one axis: served captcha accuracy per window",
        xlabel="captchas served (count; v1's day, then v2's)",
        ylabel="captcha accuracy (share, all 4 digits right)",
    )
