"""Tests for represent/probe.py: the linear probe and the probe tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

from helpers.core.data import labelled_subset, load_digits_split
from helpers.represent import probe as ce
from helpers.represent.contrastive import SimCLRConfig


@pytest.fixture(scope="module")
def split():
    return load_digits_split()


def test_linear_probe_matches_logistic_regression_by_hand(split):
    accs = ce.linear_probe(
        split.X_pool,
        split.y_pool,
        split.X_test,
        split.y_test,
        per_class=5,
        seeds=(0, 1),
    )
    mean, scale = split.X_pool.mean(0), split.X_pool.std()
    for seed, acc in zip((0, 1), accs, strict=True):
        idx = labelled_subset(split.y_pool, per_class=5, seed=seed)
        model = LogisticRegression(C=1.0, max_iter=2000)
        model.fit((split.X_pool[idx] - mean) / scale, split.y_pool[idx])
        assert acc == pytest.approx(
            model.score((split.X_test - mean) / scale, split.y_test)
        )


def test_linear_probe_on_separable_features_is_perfect():
    rng = np.random.default_rng(0)
    y = np.repeat(np.arange(3), 20)
    centres = np.eye(3) * 10
    X = centres[y] + rng.normal(size=(60, 3))
    (acc,) = ce.linear_probe(X, y, X, y, per_class=None)
    assert acc == 1.0
    assert ce.linear_probe(X, y, X, y, per_class=2, seeds=range(3)).shape == (3,)


def test_linear_probe_rejects_bad_input(split):
    with pytest.raises(ValueError, match="same width"):
        ce.linear_probe(
            split.X_pool, split.y_pool, split.X_test[:, :10], split.y_test, per_class=5
        )
    with pytest.raises(ValueError, match="one label per row"):
        ce.linear_probe(
            split.X_pool, split.y_pool[:5], split.X_test, split.y_test, per_class=5
        )
    with pytest.raises(ValueError, match="C must be > 0"):
        ce.linear_probe(
            split.X_pool, split.y_pool, split.X_test, split.y_test, per_class=5, C=0
        )


def _fake_curves() -> pd.DataFrame:
    rows = []
    for name, base in (("contrastive", 0.8), ("raw pixels", 0.6), ("pca", 0.6)):
        for n, gain in ((1, 0.0), (5, 0.1), (10, 0.15)):
            rows += [(name, n, s, base + gain + 0.01 * s) for s in range(3)]
        rows.append((name, 0, 0, base + 0.19))
    return pd.DataFrame(rows, columns=["features", "per_class", "seed", "accuracy"])


def test_probe_summary_and_labels_needed():
    curves = _fake_curves()
    table = ce.probe_summary(curves)
    assert list(table.columns) == ["1/class", "5/class", "10/class", "all labels"]
    assert list(table.index) == ["contrastive", "raw pixels", "pca"]
    assert table.loc["contrastive", "5/class"] == pytest.approx(0.91)  # median seed
    assert ce.labels_needed(curves, "raw pixels", 0.70) == 5
    assert ce.labels_needed(curves, "raw pixels", 0.95) is None
    with pytest.raises(ValueError, match="no probe results"):
        ce.labels_needed(curves, "sift", 0.5)


def test_pretrained_run_features_and_curves(split, tmp_cache):
    cfg = SimCLRConfig(epochs=2, encoder="mlp", width=64, dim=16, proj_dim=8)
    run = ce.pretrained_run(cfg, verbose=False)
    assert list(tmp_cache.glob("simclr_digits-*.pkl")), "the run must be cached"
    sets = ce.feature_sets(run, split)
    assert set(sets) == set(ce.FEATURES)
    assert sets["contrastive"][0].shape == (len(split.y_pool), 16)
    assert sets["pca"][1].shape == (len(split.y_test), ce.PCA_COMPONENTS)
    curves = ce.probe_curves(sets, split, per_class=(2,), seeds=range(2))
    assert len(curves) == 3 * (2 + 1)
    assert curves.accuracy.between(0, 1).all()
    untrained = ce.feature_sets(run, split, epoch=0)["contrastive"][0]
    assert not np.allclose(untrained, sets["contrastive"][0])
