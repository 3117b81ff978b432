"""Tests of monitor.detectors: KS and chi-squared against SciPy, PSI by hand, MMD's
permutation test (false-positive rate near alpha when nothing drifted)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from helpers.monitor import detectors as D


@pytest.mark.parametrize(
    ("n", "m", "shift"), [(200, 200, 0.0), (500, 80, 0.3), (60, 45, 1.0)]
)
def test_ks_matches_scipy(n, m, shift):
    rng = np.random.default_rng(n + m)
    a, b = rng.normal(size=n), rng.normal(shift, size=m)
    ours = D.ks_test(a, b)
    ref = stats.ks_2samp(a, b, method="asymp")
    assert ours.statistic == pytest.approx(ref.statistic, abs=1e-12)
    assert ours.p_value == pytest.approx(ref.pvalue, rel=1e-9, abs=1e-300)
    assert ours.statistic == pytest.approx(stats.ks_2samp(a, b).statistic, abs=1e-12)


def test_ks_kolmogorov_limit_matches_scipy_and_is_close_to_smirnov():
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=1000), rng.normal(0.1, size=200)
    fast = D.ks_test(a, b, method="kolmogorov")
    en = 1000 * 200 / 1200
    assert fast.p_value == pytest.approx(
        stats.kstwobign.sf(np.sqrt(en) * fast.statistic), rel=1e-12
    )
    assert fast.p_value == pytest.approx(D.ks_test(a, b).p_value, abs=0.02)


def test_ks_with_ties_matches_scipy():
    a = np.repeat([1.0, 2.0, 3.0], 20)
    b = np.repeat([1.0, 2.0, 2.0, 4.0], 10)
    assert D.ks_test(a, b).statistic == pytest.approx(stats.ks_2samp(a, b).statistic)


def test_ks_per_feature_tests_each_column():
    rng = np.random.default_rng(2)
    ref, win = rng.normal(size=(300, 3)), rng.normal(size=(100, 3))
    win[:, 1] += 2.0
    res = D.ks_per_feature(ref, win)
    assert [r.p_value < 1e-6 for r in res] == [False, True, False]
    with pytest.raises(ValueError, match="same columns"):
        D.ks_per_feature(ref, win[:, :2])


def test_psi_by_hand():
    # two bins: 50/50 against 30/70 -> (0.3-0.5) ln(0.6) + (0.7-0.5) ln(1.4)
    by_hand = -0.2 * np.log(0.6) + 0.2 * np.log(1.4)
    assert D.psi_from_counts([50, 50], [30, 70]) == pytest.approx(by_hand)
    assert by_hand == pytest.approx(0.16946, abs=1e-5)
    # an empty bin gets the floor, not log(0)
    floor = D.PSI_FLOOR
    expected = (floor - 0.5) * np.log(floor / 0.5) + (1 - 0.5) * np.log(1 / 0.5)
    assert D.psi_from_counts([5, 5], [0, 10]) == pytest.approx(expected)


def test_psi_on_deciles_by_hand():
    ref = np.arange(1000.0)  # deciles at 99.9, 199.8, ...
    win = np.concatenate([np.arange(0, 100.0), np.full(100, 950.0)])  # 2 bins hit
    p = np.full(10, 0.1)
    q = np.full(10, D.PSI_FLOOR)
    q[0], q[9] = 0.5, 0.5
    expected = np.sum((q - p) * np.log(q / p))
    assert D.psi(ref, win).statistic == pytest.approx(expected)
    assert D.psi(ref, ref).statistic == pytest.approx(0.0, abs=1e-12)
    assert np.isnan(D.psi(ref, win).p_value)


def test_chi2_matches_scipy_contingency():
    rng = np.random.default_rng(3)
    a = rng.choice(5, size=300, p=[0.3, 0.3, 0.2, 0.1, 0.1])
    b = rng.choice(5, size=120, p=[0.1, 0.2, 0.2, 0.25, 0.25])
    ours = D.chi2_test(a, b, n_categories=6)  # category 5 absent from both: dropped
    table = np.array([np.bincount(a, minlength=5), np.bincount(b, minlength=5)])
    stat, p, dof, _ = stats.chi2_contingency(table, correction=False)
    assert ours.statistic == pytest.approx(stat, rel=1e-12)
    assert ours.p_value == pytest.approx(p, rel=1e-9)
    assert dof == 4


def test_mmd_statistic_is_the_biased_estimate_by_hand():
    rng = np.random.default_rng(4)
    X, Y = rng.normal(size=(30, 4)), rng.normal(0.5, size=(20, 4))
    res = D.mmd_test(X, Y, bandwidth=1.5, n_permutations=50)

    def k(A, B):
        d2 = ((A[:, None] - B[None]) ** 2).sum(-1)
        return np.exp(-d2 / (2 * 1.5**2))

    by_hand = k(X, X).mean() + k(Y, Y).mean() - 2 * k(X, Y).mean()
    assert res.statistic == pytest.approx(by_hand, rel=1e-10)


def test_mmd_false_positive_rate_is_near_alpha():
    rng = np.random.default_rng(5)
    alpha, trials = 0.05, 200
    fired = sum(
        D.mmd_test(
            rng.normal(size=(25, 5)),
            rng.normal(size=(25, 5)),
            n_permutations=99,
            seed=i,
        ).p_value
        < alpha
        for i in range(trials)
    )
    # Binomial(200, 0.05): mean 10, P(outside 2..20) < 0.5 %
    assert 2 <= fired <= 20


def test_mmd_detects_a_shift():
    rng = np.random.default_rng(6)
    res = D.mmd_test(rng.normal(size=(50, 5)), rng.normal(0.8, size=(50, 5)))
    assert res.p_value == pytest.approx(1 / 201)
    assert res.drift(0.01)


def test_small_windows_are_refused_with_a_clear_message():
    rng = np.random.default_rng(7)
    ref = rng.normal(size=500)
    with pytest.raises(ValueError, match="KS test needs at least 20 values"):
        D.ks_test(ref, ref[:10])
    with pytest.raises(ValueError, match="PSI test needs at least 50"):
        D.psi(ref, ref[:40])
    with pytest.raises(ValueError, match="chi-squared test needs at least 50"):
        D.chi2_test(np.arange(100) % 10, np.arange(30) % 10, n_categories=10)
    with pytest.raises(ValueError, match="MMD test needs at least 10 rows"):
        D.mmd_test(ref.reshape(-1, 5), ref[:25].reshape(-1, 5))


def test_drift_reads_p_values_and_scores():
    assert D.TestResult("ks", 0.3, 0.001, 10, 10).drift(0.01)
    assert not D.TestResult("ks", 0.3, 0.2, 10, 10).drift(0.01)
    assert D.TestResult("psi", 0.3, float("nan"), 10, 10).drift(0.25)
    assert D.median_bandwidth(np.array([[0.0], [3.0]])) == pytest.approx(3.0)
    assert D.rbf_kernel(np.zeros((1, 2)), np.ones((1, 2)), bandwidth=1.0)[0, 0] == (
        pytest.approx(np.exp(-1.0))
    )
