"""helpers.train.grid_widget: moving a control redraws another run."""

from __future__ import annotations

from helpers.train.grid_widget import build_training_grid_widget


def test_moving_controls_changes_the_figure_and_summary(tiny_grid):
    widget = build_training_grid_widget(tiny_grid)
    assert set(widget.controls) == {
        "lr",
        "batch_size",
        "optimizer",
        "weight_decay",
        "dropout",
        "n_train",
    }
    image, summary = bytes(widget.image.value), widget.summary.value
    widget.controls["lr"].value = 1e-4
    assert widget.error is None and bytes(widget.image.value) != image
    assert widget.summary.value != summary and "validation" in widget.summary.value
    widget.controls["optimizer"].value = "sgd"  # a second setting off its default
    assert "lr and optimizer" in widget.error and "optimizer='adam'" in widget.error
    widget.controls["lr"].value = 0.01
    assert widget.error is None and widget.summary.value != summary
    assert widget.state is tiny_grid and widget.n_draws == 4
