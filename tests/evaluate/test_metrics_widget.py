"""Tests of evaluate.metrics_widget, driven like a student."""

import numpy as np
import pytest
from widget_checks import fresh_image, set_and_check_redraw

from helpers.evaluate import metrics as m
from helpers.evaluate.metrics_widget import (
    build_outlier_widget,
    build_threshold_metrics_widget,
)


def test_threshold_widget_updates_every_metric_together():
    widget = build_threshold_metrics_widget()
    scores = widget.state["scores"]
    state = set_and_check_redraw(widget, "threshold", 0.2)
    pred = (scores.proba >= 0.2).astype(int)
    prf = m.precision_recall_f1(scores.y_true, pred)
    assert f"precision <b>{prf.precision:.3f}</b>" in state["summary"]
    assert f"recall <b>{prf.recall:.3f}</b>" in state["summary"]
    cm = widget.axes[0, 0]
    tp = int(np.sum(pred & scores.y_true))
    assert cm.texts[3].get_text() == str(tp)  # bottom-right cell: true positives
    roc_point = widget.axes[0, 1].lines[-1]
    assert roc_point.get_ydata()[0] == pytest.approx(prf.recall)


def test_outlier_widget_moves_mse_most():
    widget = build_outlier_widget()
    state = set_and_check_redraw(widget, "size", 500)
    row = widget.state["sweep"].set_index("size").loc[500.0]
    assert f"<b>{row.mse:.0f}</b>" in state["summary"]
    base = widget.state["sweep"].iloc[0]
    assert row.mse / base.mse > row.rmse / base.rmse > row.mae / base.mae > 1


def test_in_place_redraws_look_like_a_full_draw():
    widget = build_threshold_metrics_widget()
    for value in (0.1, 0.9, 0.36):
        set_and_check_redraw(widget, "threshold", value)
    assert widget.image.value == fresh_image(build_threshold_metrics_widget, widget)
    outliers = build_outlier_widget()
    set_and_check_redraw(outliers, "size", 850)
    assert outliers.image.value == fresh_image(build_outlier_widget, outliers)
