"""Tests of monitor.drift_grid: the precomputed statistics equal a direct run."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.monitor import detectors as D
from helpers.monitor.drift_grid import DETECTORS, compute_grid, detector_windows
from helpers.monitor.streams import tabular_stream


@pytest.fixture(scope="module")
def small_grid():
    return compute_grid(sizes=(1.0,), onsets=(2000,), windows=(200, 400))


def test_detector_windows_by_hand():
    ref = tabular_stream(600, kind="label", change_at=599, size=0.0, seed=5)
    s = tabular_stream(1000, kind="label", change_at=500, size=1.0, seed=6)
    out = detector_windows(ref, s, window=250)
    window = s.X[250:500]
    ps = [
        D.ks_test(ref.X[:, j], window[:, j], method="kolmogorov").p_value
        for j in range(3)
    ]
    assert out["KS"].p_value[1] == pytest.approx(min(1.0, 3 * min(ps)))
    psi = max(D.psi(ref.X[:, j], window[:, j]).statistic for j in range(3))
    assert out["PSI"].statistic[1] == pytest.approx(psi)
    chi = D.chi2_test(ref.category, s.category[250:500], n_categories=4)
    assert out["chi2"].p_value[1] == pytest.approx(chi.p_value)


def test_grid_selects_and_reports(small_grid):
    stats = small_grid.select("label", 1.0, 2000, 400, "KS")
    np.testing.assert_array_equal(stats.data_end, np.arange(1, 11) * 400)
    reports = small_grid.reports("label", 1.0, 2000, 200, alpha=0.01, psi_level=0.25)
    assert [r.detector for r in reports] == list(DETECTORS)
    assert min(r.delay for r in reports) == 200  # a sudden shift: the first window
    trace = small_grid.traces[small_grid.key("label", 1.0, 2000)]
    assert trace.shape == (2, 80)
    assert trace[1, :40].mean() < trace[1, 40:].mean()  # more positives after
    with pytest.raises(ValueError, match="unknown window"):
        small_grid.select("label", 1.0, 2000, 300, "KS")
