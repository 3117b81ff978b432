"""Tests of labels.curves: learning curves over seeds and labels_to_reach."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from helpers.core.data import load_digits_split
from helpers.labels.curves import LabelCurve, accuracy_vs_labels, labels_to_reach


def test_curve_matches_a_hand_written_loop():
    split = load_digits_split()

    def score(idx, seed):
        model = LogisticRegression(max_iter=500).fit(
            split.X_pool[idx], split.y_pool[idx]
        )
        return model.score(split.X_test, split.y_test)

    curve = accuracy_vs_labels(score, split.y_pool, per_class=[2, 8], seeds=[0, 1])
    assert curve.n_labels.tolist() == [20, 80]
    from helpers.core.data import labelled_subset

    idx = labelled_subset(split.y_pool, per_class=8, seed=1)
    assert curve.accuracy[1, 1] == pytest.approx(score(idx, 1))
    assert curve.median()[1] > curve.median()[0]  # more labels help here


def test_labels_to_reach_reads_the_median_over_seeds():
    curve = LabelCurve(
        np.array([10, 20, 40, 80]),
        np.array([[0.5, 0.6, 0.8, 0.9], [0.7, 0.8, 0.9, 0.95], [0.6, 0.7, 0.85, 0.9]]),
    )
    # medians: 0.6, 0.7, 0.85, 0.9
    assert labels_to_reach(curve, 0.7) == 20
    assert labels_to_reach(curve, 0.71) == 40
    assert labels_to_reach(curve, 0.1) == 10
    assert np.isnan(labels_to_reach(curve, 0.91))
    assert labels_to_reach(curve, 0.775, interpolate=True) == pytest.approx(30)
    assert labels_to_reach(curve, 0.5, interpolate=True) == 10


def test_labels_to_reach_is_monotone_in_the_target():
    rng = np.random.default_rng(0)
    acc = np.sort(rng.uniform(0.3, 1.0, size=(5, 8)), axis=1)
    curve = LabelCurve(np.arange(1, 9) * 10, acc)
    targets = np.linspace(0.3, curve.median().max(), 30)
    for interpolate in (False, True):
        got = [labels_to_reach(curve, t, interpolate=interpolate) for t in targets]
        assert np.all(np.diff(got) >= -1e-9)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"per_class": []}, ValueError, "at least one budget"),
        ({"per_class": [0]}, ValueError, r"per_class must be an integer in \[1"),
        ({"seeds": []}, ValueError, "at least one seed"),
        ({"per_class": [1.5]}, TypeError, "per_class must be an integer"),
    ],
)
def test_accuracy_vs_labels_refuses_bad_input(kwargs, error, match):
    args = {"per_class": [1], "seeds": [0], **kwargs}
    with pytest.raises(error, match=match):
        accuracy_vs_labels(lambda idx, s: 0.5, np.repeat([0, 1], 3), **args)


def test_bad_curves_and_targets_are_refused():
    with pytest.raises(ValueError, match="must increase"):
        LabelCurve(np.array([20, 10]), np.array([[0.5, 0.6]]))
    with pytest.raises(ValueError, match="to match n_labels"):
        LabelCurve(np.array([10, 20]), np.array([[0.5, 0.6, 0.7]]))
    with pytest.raises(ValueError, match="finite"):
        LabelCurve(np.array([10, 20]), np.array([[0.5, np.nan]]))
    curve = LabelCurve(np.array([10, 20]), np.array([[0.5, 0.6]]))
    with pytest.raises(ValueError, match=r"target must be in \[0, 1\]"):
        labels_to_reach(curve, 1.5)
    with pytest.raises(ValueError, match="score"):
        accuracy_vs_labels(
            lambda i, s: 2.0, np.repeat([0, 1], 3), per_class=[1], seeds=[0]
        )
