"""Tests for synth/synthetic.py: generation rules, balancing, symmetry, privacy."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.synth import synthetic as syn

# ------------------------------------------------------------ fitted / templates


def test_joint_gaussian_keeps_correlations_independent_columns_lose_them():
    rng = np.random.default_rng(0)
    a = rng.standard_normal(400)
    X = np.stack([a, a + 0.1 * rng.standard_normal(400)], 1)  # correlation ~ 0.99
    y = np.zeros(400, dtype=int)
    joint, _ = syn.sample_fitted(X, y, n_per_class=2000, joint=True, seed=1)
    indep, labels = syn.sample_fitted(X, y, n_per_class=2000, joint=False, seed=1)
    assert labels.shape == (2000,)
    assert abs(np.corrcoef(joint.T)[0, 1] - 0.99) < 0.02
    assert abs(np.corrcoef(indep.T)[0, 1]) < 0.06
    assert syn.correlation_gap(X, joint) < syn.correlation_gap(X, indep)


def test_templates_fill_every_slot_and_report_diversity_and_leaks():
    slots = {"name": ["Ana Silva"], "city": ["Lyon"], "product": ["lamp", "kettle"]}
    texts = syn.fill_templates(syn.TEMPLATES, slots, n=200, seed=0)
    assert len(texts) == 200 and not any("{" in t for t in texts)
    # 3 templates x 2 products = at most 6 distinct texts.
    assert len(set(texts)) <= 6
    div = syn.text_diversity(texts)
    assert div["duplicate share"] == pytest.approx(1 - len(set(texts)) / 200)
    assert syn.leakage(texts, ["Ana Silva"]) == 1.0
    assert syn.leakage(texts, ["Bo Novak"]) == 0.0


def test_distinct_n_matches_a_hand_count():
    div = syn.text_diversity(["a b c", "a b d"], n=2)  # bigrams ab bc ab bd
    assert div["distinct-2"] == pytest.approx(3 / 4)
    assert div["duplicate share"] == 0.0


def test_template_errors():
    with pytest.raises(ValueError, match="no values given"):
        syn.fill_templates(["{name} and {city}"], {"name": ["x"]}, n=3)
    with pytest.raises(ValueError, match="have no values"):
        syn.fill_templates(["{name}"], {"name": []}, n=3)
    with pytest.raises(ValueError, match="templates"):
        syn.fill_templates([], {}, n=3)


# -------------------------------------------------------------------- balancing


def _on_segment(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> bool:
    ab, ap = b - a, p - a
    u = ap @ ab / (ab @ ab)
    return 0 <= u <= 1 and np.allclose(a + u * ab, p)


def test_smote_points_lie_on_segments_between_same_class_neighbours():
    # Hand-worked: with k=1 the nearest neighbours of (0,0), (1,0), (0,2) are
    # (1,0), (0,0) and (0,0), so new points lie on [(0,0),(1,0)] or [(0,0),(0,2)].
    minority = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 2.0]])
    majority = np.array([[10.0, 10.0]] * 9)
    X = np.concatenate([majority, minority])
    y = np.array([0] * 9 + [1] * 3)
    X_new, y_new = syn.smote(X, y, k=1, seed=0)
    np.testing.assert_array_equal(np.bincount(y_new), [9, 9])
    np.testing.assert_array_equal(X_new[: len(X)], X)  # originals first
    segments = [(minority[0], minority[1]), (minority[0], minority[2])]
    for p in X_new[len(X) :]:
        assert any(_on_segment(p, a, b) for a, b in segments), p
    # The segment (1,0)-(0,2) joins no pair of neighbours: nothing lands inside it.
    inside = [p for p in X_new[len(X) :] if _on_segment(p, minority[1], minority[2])]
    assert all(
        np.allclose(p, minority[1]) or np.allclose(p, minority[2]) for p in inside
    )


def test_oversampling_balances_classes_with_existing_rows():
    X, y = syn.imbalanced_blobs(n_major=50, n_minor=7, seed=0)
    Xo, yo = syn.random_oversample(X, y, seed=0)
    np.testing.assert_array_equal(np.bincount(yo), [50, 50])
    rows = {tuple(r) for r in X}
    assert all(tuple(r) in rows for r in Xo)
    Xs, ys = syn.smote(X, y, seed=0)
    np.testing.assert_array_equal(np.bincount(ys), [50, 50])


def test_smote_needs_two_rows_of_a_class():
    with pytest.raises(ValueError, match="at least 2"):
        syn.smote(np.zeros((4, 2)), np.array([0, 0, 0, 1]))
    with pytest.raises(ValueError, match="X and y must have the same length"):
        syn.smote(np.zeros((4, 2)), np.array([0, 1]))
    with pytest.raises(ValueError, match=r"k must be an integer in \[1"):
        syn.smote(np.zeros((4, 2)), np.array([0, 0, 1, 1]), k=0)
    with pytest.raises(ValueError, match="X must hold finite numbers"):
        syn.random_oversample(np.full((4, 2), np.nan), np.array([0, 0, 0, 1]))


# ---------------------------------------------------------------------- privacy


def test_distance_to_closest_record_matches_brute_force():
    rng = np.random.default_rng(0)
    a, b = rng.random((37, 5)), rng.random((23, 5))
    brute = np.array([min(np.linalg.norm(p - q) for q in b) for p in a])
    np.testing.assert_allclose(
        syn.distance_to_closest_record(a, b, chunk=8), brute, atol=1e-9
    )


def test_privacy_check_tells_copies_from_fresh_samples():
    rng = np.random.default_rng(0)
    train, holdout, fresh = (
        rng.random((300, 8)),
        rng.random((200, 8)),
        rng.random((200, 8)),
    )
    copies = syn.privacy_check(train[:100], train, holdout)
    assert copies.exact_copies == 100 and copies.looks_memorised
    new = syn.privacy_check(fresh, train, holdout)
    assert new.exact_copies == 0 and not new.looks_memorised
    assert new.near_copy_share < 0.2
    assert new.median_dcr_synthetic == pytest.approx(new.median_dcr_holdout, rel=0.2)
    with pytest.raises(ValueError, match="quantile"):
        syn.privacy_check(fresh, train, holdout, quantile=1.5)
    with pytest.raises(ValueError, match="equal widths"):
        syn.distance_to_closest_record(fresh, train[:, :3])


# -------------------------------------------------------------- reproducibility


def test_template_filling_is_reproducible_across_processes():
    import subprocess
    import sys

    code = (
        "from helpers.synth import synthetic as s; import hashlib;"
        "t = s.fill_templates(s.TEMPLATES, {'name': ['A', 'B'], 'city': s.CITIES,"
        " 'product': s.PRODUCTS}, n=50, seed=0);"
        "print(hashlib.sha256('|'.join(t).encode()).hexdigest())"
    )
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": str(h), "PATH": ""},
        ).stdout
        for h in (1, 2)
    }
    assert len(outs) == 1, "slot filling depends on Python's hash seed"


def test_euclidean_distances_match_scikit_learn():
    from sklearn.metrics import pairwise_distances

    rng = np.random.default_rng(0)
    a, b = rng.random((7, 4)), rng.random((5, 4))
    np.testing.assert_allclose(
        syn.euclidean_distances(a, b), pairwise_distances(a, b), atol=1e-7
    )
    assert syn.euclidean_distances(a, a).diagonal().max() < 1e-6
    assert syn.euclidean_distances(
        a.astype(np.float32), b.astype(np.float32)
    ).dtype == (np.float32)


def test_euclidean_distances_keep_float32_and_check_widths():
    a = np.ones((3, 4), dtype=np.float32)
    assert syn.euclidean_distances(a, a).dtype == np.float32
    with pytest.raises(ValueError, match="equal widths"):
        syn.euclidean_distances(a, np.ones((2, 3)))
    with pytest.raises(ValueError, match="b must hold finite numbers"):
        syn.euclidean_distances(a, np.full((2, 4), np.inf))


def test_sizes_seeds_and_records_are_checked():
    with pytest.raises(
        ValueError, match=r"n must be an integer in \[1, (1e\+06|1000000)\]"
    ):
        syn.fill_templates(("{a}",), {"a": ("x",)}, n=10**12)
    with pytest.raises(ValueError, match=r"seed must be an integer in \[0, inf\)"):
        syn.sample_fitted(
            np.eye(4), np.array([0, 0, 1, 1]), n_per_class=2, joint=False, seed=-1
        )
    with pytest.raises(ValueError, match=r"near_copy_share must be in \[0, 1\]"):
        syn.PrivacyReport(1.0, 1.0, 1.5, 0, 0.05)
    with pytest.raises(TypeError, match="private must hold strings only"):
        syn.leakage(["a b"], [1, 2])
