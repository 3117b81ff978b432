"""Tests for represent/contrastive_widget.py: the embedding explorer widget."""

from __future__ import annotations

import pytest
from widget_checks import set_and_check_redraw

from helpers.represent import contrastive_widget as cw


def test_widget_moves_every_control(tiny_grid):
    grid = tiny_grid
    widget = cw.build_embedding_widget(grid)
    assert widget.state is grid  # what the builder precomputed
    assert widget.error is None and widget.n_draws == 1
    assert widget.controls["temperature"].value == 0.2
    assert widget.controls["strength"].value == 1.0
    assert widget.controls["epoch"].value == 2  # the last snapshot
    first = widget.summary.value
    after = set_and_check_redraw(widget, "epoch", 0)
    assert "epoch <b>0</b>" in after["summary"]
    assert f"{grid.probe[0.2, 1.0][0]:.3f}" in after["summary"]
    set_and_check_redraw(widget, "epoch", 2)
    after = set_and_check_redraw(widget, "temperature", 1.0)
    assert "τ = <b>1</b>" in after["summary"] and after["summary"] != first
    after = set_and_check_redraw(widget, "strength", 0.5)
    assert f"{grid.alignment[1.0, 0.5][-1]:.2f}" in after["summary"]
    set_and_check_redraw(widget, "projection", "PCA")
    assert widget.axes[0, 0].get_title().endswith("(PCA)")
    assert widget.n_draws == 6


def test_epoch_control_offers_only_snapshots(tiny_grid):
    widget = cw.build_embedding_widget(tiny_grid)
    epochs = [value for _, value in widget.controls["epoch"].options]
    assert epochs == list(tiny_grid.spec.snapshot_epochs)


def test_widget_rejects_something_that_is_not_a_grid():
    with pytest.raises(TypeError, match="grid must be an ExplorerGrid"):
        cw.build_embedding_widget({"spec": None})
