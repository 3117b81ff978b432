"""The drift widget's precomputed statistics (lesson 14).

For every tabular stream of the grid (kind of change x drift size x onset) and every
window length, each detector's statistic per window is computed once; the widget
then only thresholds and redraws. Detectors:

* ``KS``: :func:`~helpers.monitor.detectors.ks_test` on each numeric feature; the
  window's p-value is the smallest one times the number of features (Bonferroni);
* ``PSI``: :func:`~helpers.monitor.detectors.psi`, the largest over the features;
* ``chi2``: :func:`~helpers.monitor.detectors.chi2_test` on the category.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from helpers.core.artefacts import shipped
from helpers.core.config import pick
from helpers.core.validation import check_choice, check_int, check_real
from helpers.monitor import detectors as D
from helpers.monitor.loop import AlertReport, WindowStats, alert_report, window_bounds
from helpers.monitor.streams import KINDS, TabularStream, tabular_stream

DETECTORS = ("KS", "PSI", "chi2")
N_ROWS = 4000
N_REFERENCE = 1000
RAMP = 1000
"""Rows over which a covariate drift grows to full size (label shift is abrupt)."""
TRACE_BIN = 50
"""Rows per point of the stream's trace (the widget's left panel)."""


@dataclass(frozen=True)
class DriftGrid:
    """Window statistics keyed by :meth:`key`, and a trace of each stream: the mean
    of feature 0 and the share of positives per ``TRACE_BIN`` rows."""

    sizes: tuple[float, ...]
    onsets: tuple[int, ...]
    windows: tuple[int, ...]
    stats: dict[str, WindowStats] = field(repr=False)
    traces: dict[str, np.ndarray] = field(repr=False)

    def __post_init__(self) -> None:
        for name in ("sizes", "onsets", "windows"):
            values = getattr(self, name)
            if not isinstance(values, tuple) or not values:
                raise TypeError(f"{name} must be a non-empty tuple")
        if not isinstance(self.stats, dict) or not isinstance(self.traces, dict):
            raise TypeError("stats and traces must be dicts keyed by DriftGrid.key")
        want = len(KINDS) * len(self.sizes) * len(self.onsets)
        if len(self.stats) != want * len(self.windows) * len(DETECTORS):
            raise ValueError("stats must hold every setting of the grid")
        if len(self.traces) != want:
            raise ValueError("traces must hold every stream of the grid")

    @staticmethod
    def key(kind: str, size: float, onset: int, window: int | None = None) -> str:
        base = f"{kind}|{size:g}|{onset}"
        return base if window is None else f"{base}|{window}"

    def select(
        self, kind: str, size: float, onset: int, window: int, detector: str
    ) -> WindowStats:
        """One detector's window statistics for one setting of the grid."""
        check_choice("kind", kind, KINDS)
        check_choice("size", size, self.sizes)
        check_choice("onset", onset, self.onsets)
        check_choice("window", window, self.windows)
        check_choice("detector", detector, DETECTORS)
        return self.stats[f"{self.key(kind, size, onset, window)}|{detector}"]

    def reports(
        self,
        kind: str,
        size: float,
        onset: int,
        window: int,
        *,
        alpha: float,
        psi_level: float,
    ) -> list[AlertReport]:
        """Each detector's alerts, false alarms and delay for one setting."""
        alpha = check_real("alpha", alpha, low=0, high=1)
        psi_level = check_real("psi_level", psi_level, low=0)
        return [
            alert_report(
                self.select(kind, size, onset, window, name),
                threshold=psi_level if name == "PSI" else alpha,
                change_at=onset,
                name=name,
            )
            for name in DETECTORS
        ]


def detector_windows(
    reference: TabularStream, stream: TabularStream, *, window: int
) -> dict[str, WindowStats]:
    """The three detectors on each full window of ``stream``."""
    if not isinstance(reference, TabularStream) or not isinstance(
        stream, TabularStream
    ):
        raise TypeError("reference and stream must be TabularStreams")
    bounds = window_bounds(len(stream), window)
    n_feat = stream.X.shape[1]
    ks_d, ks_p, psi, chi_s, chi_p = [], [], [], [], []
    for s, e in bounds:
        ks = [
            D.ks_test(reference.X[:, j], stream.X[s:e, j], method="kolmogorov")
            for j in range(n_feat)
        ]
        ks_d.append(max(r.statistic for r in ks))
        ks_p.append(min(1.0, n_feat * min(r.p_value for r in ks)))
        psi.append(
            max(
                D.psi(reference.X[:, j], stream.X[s:e, j]).statistic
                for j in range(n_feat)
            )
        )
        chi = D.chi2_test(reference.category, stream.category[s:e], n_categories=4)
        chi_s.append(chi.statistic)
        chi_p.append(chi.p_value)
    ends = np.array([e for _, e in bounds])
    nan = np.full(len(ends), np.nan)
    return {
        "KS": WindowStats("ks", ends, ends.copy(), np.array(ks_d), np.array(ks_p)),
        "PSI": WindowStats("psi", ends, ends.copy(), np.array(psi), nan),
        "chi2": WindowStats(
            "chi2", ends, ends.copy(), np.array(chi_s), np.array(chi_p)
        ),
    }


def compute_grid(
    *,
    sizes: tuple[float, ...] = (0.25, 0.5, 1.0),
    onsets: tuple[int, ...] = (1000, 2500),
    windows: tuple[int, ...] = (100, 200, 400),
    seed: int = 0,
) -> DriftGrid:
    """Every stream of the grid through every window length (a few seconds)."""
    sizes = tuple(check_real("size", s, low=0, high=2) for s in sizes)
    onsets = tuple(check_int("onset", o, low=1, high=N_ROWS - 1) for o in onsets)
    windows = tuple(check_int("window", w, low=50, high=N_ROWS) for w in windows)
    if not (sizes and onsets and windows):
        raise ValueError("sizes, onsets and windows must each name at least one value")
    seed = check_int("seed", seed, low=0, high=2**31)
    stats: dict[str, WindowStats] = {}
    traces: dict[str, np.ndarray] = {}
    for k, kind in enumerate(KINDS):
        reference = tabular_stream(  # size 0: no change, the deployment sample
            N_REFERENCE,
            kind=kind,
            change_at=N_REFERENCE - 1,
            size=0.0,
            seed=seed + 10 * k,
        )
        for size in sizes:
            for onset in onsets:
                stream = tabular_stream(
                    N_ROWS,
                    kind=kind,
                    change_at=onset,
                    size=size,
                    ramp=RAMP if kind == "covariate" else 0,
                    seed=seed + 10 * k + 1,
                )
                base = DriftGrid.key(kind, size, onset)
                bins = stream.X[:, 0].reshape(-1, TRACE_BIN)
                positives = stream.y.reshape(-1, TRACE_BIN)
                traces[base] = np.stack([bins.mean(1), positives.mean(1)])  # (2, T)
                for window in windows:
                    found = detector_windows(reference, stream, window=window)
                    for name, value in found.items():
                        stats[f"{DriftGrid.key(kind, size, onset, window)}|{name}"] = (
                            value
                        )
    return DriftGrid(sizes, onsets, windows, stats, traces)


GRID = {
    "sizes": (0.25, 0.5, 1.0),
    "onsets": (1000, 2500),
    "windows": (100, 200, 400),
}
"""The lesson's grid (fast mode: :data:`FAST_GRID`)."""
FAST_GRID = {"sizes": (0.25, 1.0), "onsets": (1000, 2500), "windows": (100, 400)}


def drift_grid() -> DriftGrid:
    """:func:`compute_grid` with the lesson's settings: shipped in normal mode
    (``make artefacts NAMES=monitor_drift_grid``), computed in fast mode."""
    settings = pick(GRID, FAST_GRID)
    return shipped(
        "monitor_drift_grid", lambda: compute_grid(**settings), params=settings
    )
