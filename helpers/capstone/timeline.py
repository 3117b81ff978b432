"""The capstone's story on one time axis (lesson 15's figure).

Served captcha accuracy per monitoring window, in the order the captchas were served:
the first model (v1) reads a day of traffic in which the site switches to its new
captcha; the monitor alerts; new labels are bought and the reader is retrained; the
retrained model (v2) reads a fresh day of new-style traffic. :func:`lifecycle` lays
the served stages' results end to end; :func:`helpers.capstone.capstone_plots.
plot_lifecycle` draws them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.capstone.operate import Monitored, Redeployed, Relabelled, Served
from helpers.capstone.stages import N_DIGITS, _check
from helpers.core.validation import check_array, check_int


@dataclass(frozen=True)
class Timeline:
    """Windows of served captchas, v1's day then v2's, with the events between.

    Positions count captchas served so far (both days end to end); ``version`` is
    1 or 2 per window. ``alert_at`` is where the first alert's window ends (NaN when
    no detector fired), ``redeploy_at`` where v2's day starts."""

    window_end: np.ndarray  # (n_windows,) captchas served when the window ends
    accuracy: np.ndarray  # (n_windows,) captcha accuracy in the window
    version: np.ndarray  # (n_windows,) 1 or 2
    change_at: int
    alert_at: float
    redeploy_at: int
    new_labels: int

    def accuracy_of(self, version: int, *, after_change: bool = True) -> np.ndarray:
        """Window accuracies of ``version`` (v1's only after the change, unless
        ``after_change`` is False: then only before it; v2's are all after it)."""
        version = check_int("version", version, low=1, high=2)
        if not isinstance(after_change, bool):
            raise TypeError(f"after_change must be True or False, got {after_change!r}")
        mine = self.version == version
        if version == 1:
            ends = self.window_end > self.change_at
            mine &= ends if after_change else ~ends
        return self.accuracy[mine]


def window_accuracy(
    y_true: object, y_pred: object, *, captchas: int
) -> tuple[np.ndarray, np.ndarray]:
    """(captchas served at each window's end, captcha accuracy per window) for
    digit cells in serving order, ``captchas`` captchas per window; a last partial
    window is kept."""
    y_true = check_array("y_true", y_true, ndim=1)
    y_pred = check_array("y_pred", y_pred, ndim=1)
    if len(y_true) != len(y_pred) or len(y_true) % N_DIGITS:
        raise ValueError(
            f"y_true and y_pred must have the same length, a multiple of {N_DIGITS}; "
            f"got {len(y_true)} and {len(y_pred)}"
        )
    passed = (y_true == y_pred).reshape(-1, N_DIGITS).all(axis=1)  # (n_captchas,)
    per = check_int("captchas", captchas, low=1, high=len(passed))
    ends = np.append(np.arange(per, len(passed), per), len(passed))  # (n_windows,)
    starts = np.append(0, ends[:-1])
    acc = np.array([passed[a:b].mean() for a, b in zip(starts, ends, strict=True)])
    return ends, acc


def lifecycle(
    served: Served,
    monitored: Monitored,
    relabelled: Relabelled,
    redeployed: Redeployed,
    *,
    window: int,
) -> Timeline:
    """The served days of v1 (``served``) and v2 (``redeployed``) end to end, in
    windows of ``window`` cells (the monitor's; rounded down to whole captchas),
    with the site's change, the first alert of the monitor and the redeployment."""
    _check("served", served, Served)
    _check("monitored", monitored, Monitored)
    _check("relabelled", relabelled, Relabelled)
    _check("redeployed", redeployed, Redeployed)
    per = check_int("window", window, low=N_DIGITS) // N_DIGITS  # captchas
    ends1, acc1 = window_accuracy(served.truth, served.predicted, captchas=per)
    ends2, acc2 = window_accuracy(redeployed.truth, redeployed.predicted, captchas=per)
    redeploy_at = len(served.truth) // N_DIGITS
    t = monitored.alerts.get("t", pd.Series(dtype=float))  # cells served at alerts
    after = t[t > monitored.change_at]
    alert_at = float(after.min()) / N_DIGITS if len(after) else float("nan")
    return Timeline(
        np.concatenate([ends1, redeploy_at + ends2]),
        np.concatenate([acc1, acc2]),
        np.repeat([1, 2], [len(acc1), len(acc2)]),
        served.change_at // N_DIGITS,
        alert_at,
        redeploy_at,
        relabelled.n_new_labels,
    )
