"""Tests for represent/probe.py: the linear probe and the probe tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

from helpers.core.data import labelled_subset, load_digits_split
from helpers.labels.curves import labels_to_reach
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
    args = (split.X_pool, split.y_pool, split.X_test, split.y_test)
    with pytest.raises(ValueError, match="same width"):
        ce.linear_probe(*args[:2], split.X_test[:, :10], split.y_test, per_class=5)
    with pytest.raises(ValueError, match="must have the same length"):
        ce.linear_probe(split.X_pool, split.y_pool[:5], *args[2:], per_class=5)
    with pytest.raises(ValueError, match=r"C must be in \(0, inf\)"):
        ce.linear_probe(*args, per_class=5, C=0)
    with pytest.raises(ValueError, match="C must be a finite number"):
        ce.linear_probe(*args, per_class=5, C=float("nan"))
    nan_pool = split.X_pool.copy()
    nan_pool[0, 0] = np.nan
    with pytest.raises(ValueError, match="train_features must hold finite numbers"):
        ce.linear_probe(nan_pool, *args[1:], per_class=5)
    with pytest.raises(ValueError, match="per_class must be an integer in"):
        ce.linear_probe(*args, per_class=0)
    with pytest.raises(TypeError, match="per_class must be an integer"):
        ce.linear_probe(*args, per_class=2.5)
    with pytest.raises(ValueError, match="seed must be an integer in"):
        ce.linear_probe(*args, per_class=5, seeds=(-1,))


def test_probe_scorer_is_the_probe_behind_linear_probe(split):
    score = ce.probe_scorer(split.X_pool, split.y_pool, split.X_test, split.y_test)
    idx = labelled_subset(split.y_pool, per_class=3, seed=4)
    (acc,) = ce.linear_probe(
        split.X_pool, split.y_pool, split.X_test, split.y_test, per_class=3, seeds=(4,)
    )
    assert score(idx, 4) == acc


def _fake_curves() -> pd.DataFrame:
    rows = []
    for name, base in (("contrastive", 0.8), ("raw pixels", 0.6), ("pca", 0.6)):
        for n, gain in ((1, 0.0), (5, 0.1), (10, 0.15)):
            rows += [(name, n, 10 * n, s, base + gain + 0.01 * s) for s in range(3)]
        rows.append((name, 0, 1000, 0, base + 0.19))
    return pd.DataFrame(rows, columns=list(ce.COLUMNS))


def test_probe_summary():
    table = ce.probe_summary(_fake_curves())
    assert list(table.columns) == ["1/class", "5/class", "10/class", "all labels"]
    assert list(table.index) == ["contrastive", "raw pixels", "pca"]
    assert table.loc["contrastive", "5/class"] == pytest.approx(0.91)  # median seed
    with pytest.raises(ValueError, match="lacks columns"):
        ce.probe_summary(_fake_curves().drop(columns="n_labels"))


def test_label_curve_feeds_labels_to_reach():
    curves = _fake_curves()
    curve = ce.label_curve(curves, "raw pixels")
    np.testing.assert_array_equal(curve.n_labels, [10, 50, 100])  # the "all" row: out
    assert curve.accuracy.shape == (3, 3)  # (seeds, budgets)
    np.testing.assert_allclose(curve.median(), [0.61, 0.71, 0.76])
    assert labels_to_reach(curve, 0.70) == 50  # 5 labels per class
    assert np.isnan(labels_to_reach(curve, 0.95))
    with pytest.raises(ValueError, match="unknown features 'sift'"):
        ce.label_curve(curves, "sift")


def test_pretrained_run_features_and_curves(split, tmp_cache):
    cfg = SimCLRConfig(epochs=2, encoder="mlp", width=64, dim=16, proj_dim=8)
    run = ce.pretrained_run(cfg, verbose=False)
    assert list(tmp_cache.glob("simclr_digits-*")), "the run must be cached"
    sets = ce.feature_sets(run, split)
    assert set(sets) == set(ce.FEATURES)
    assert sets["contrastive"][0].shape == (len(split.y_pool), 16)
    assert sets["pca"][1].shape == (len(split.y_test), ce.PCA_COMPONENTS)
    curves = ce.probe_curves(sets, split, per_class=(2, 5), seeds=range(2))
    assert len(curves) == 3 * (2 * 2 + 1)
    assert curves.accuracy.between(0, 1).all()
    assert set(curves.n_labels) == {20, 50, len(split.y_pool)}
    # The same numbers as linear_probe, budget by budget (same label draws).
    pool, test = sets["pca"]
    for n in (2, 5):
        expected = ce.linear_probe(
            pool, split.y_pool, test, split.y_test, per_class=n, seeds=range(2)
        )
        got = curves[(curves.features == "pca") & (curves.per_class == n)]
        np.testing.assert_array_equal(got.sort_values("seed").accuracy, expected)
    (every,) = ce.linear_probe(pool, split.y_pool, test, split.y_test, per_class=None)
    assert curves.query("features == 'pca' and per_class == 0").accuracy.item() == every
    untrained = ce.feature_sets(run, split, epoch=0)["contrastive"][0]
    assert not np.allclose(untrained, sets["contrastive"][0])
    with pytest.raises(ValueError, match="unknown epoch 7"):
        ce.feature_sets(run, split, epoch=7)
    with pytest.raises(ValueError, match="per_class must be an integer in"):
        ce.probe_curves(sets, split, per_class=(0, 2), seeds=range(2))


def test_probe_summary_without_the_all_labels_fit():
    curves = _fake_curves()
    table = ce.probe_summary(curves[curves.per_class > 0])
    assert list(table.columns) == ["1/class", "5/class", "10/class"]
