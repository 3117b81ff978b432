"""Expected answers of lesson 14's exercises, computed from the lesson's own data
(never typed), so the checks stay true when the data or the seed change."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.core.validation import check_frame, check_int, check_real
from helpers.monitor import detectors as D
from helpers.monitor.drift_grid import detector_windows
from helpers.monitor.loop import alert_report
from helpers.monitor.streams import CaptchaStream, TabularStream


def ex1(stream: CaptchaStream, *, window: int) -> float:
    """14.1: PSI (reference deciles) of the reader's confidence in the stream's last
    ``window`` captchas against the reference batch."""
    if not isinstance(stream, CaptchaStream):
        raise TypeError(f"stream must be a CaptchaStream, got {type(stream).__name__}")
    window = check_int("window", window, low=1, high=len(stream))
    return D.psi(stream.ref_confidence, stream.confidence[-window:]).statistic


def ex2(summary: pd.DataFrame, *, label_delay: int) -> str:
    """14.2: why the accuracy monitor alerts after the KS test on confidence.

    A: its windows are longer; B: its labels arrive ``label_delay`` predictions
    after the predictions; C: accuracy is noisier, so it needs more windows;
    D: it does not alert later. The letter follows from the measured delays.
    """
    check_frame(summary, ["delay (predictions)"], name="summary")
    label_delay = check_int("label_delay", label_delay, low=0)
    delays = summary["delay (predictions)"]
    if "accuracy" not in delays.index or "KS confidence" not in delays.index:
        raise ValueError("summary must have rows 'accuracy' and 'KS confidence'")
    gap = float(delays["accuracy"] - delays["KS confidence"])
    if not gap > 0:
        return "D"
    return "B" if np.isclose(gap, label_delay) else "C"


def ex3(
    reference: TabularStream,
    stream: TabularStream,
    *,
    window: int,
    psi_level: float,
) -> int:
    """14.3: PSI's false alarms before the change with windows of ``window`` rows."""
    psi_level = check_real("psi_level", psi_level, low=0, open_low=True)
    stats = detector_windows(reference, stream, window=window)["PSI"]
    return alert_report(
        stats, threshold=psi_level, change_at=stream.change_at
    ).false_alarms
