"""Checking exercise answers without giving them away.

>>> check("02.1 rows dropped", answer=your_count, expected=reference_count,
...       hint="count rows with any missing value before dropping")
✓ 02.1 rows dropped: correct

The lesson computes ``expected`` itself (never types it in), so the check stays true
when the data or the seed changes.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def check(
    name: str,
    *,
    answer: Any,
    expected: Any,
    tol: float = 0.0,
    hint: str = "",
) -> bool:
    """Print whether ``answer`` matches ``expected`` and return it as a bool.

    Numbers (and arrays of numbers) match within absolute tolerance ``tol``; anything
    else must be equal. ``None`` means "not answered yet" and prints a reminder.
    """
    if tol < 0:
        raise ValueError(f"tol must be >= 0, got {tol}")
    if answer is None:
        print(f"… {name}: not answered yet")
        return False
    try:
        ok = bool(
            np.allclose(
                np.asarray(answer, dtype=float),
                np.asarray(expected, dtype=float),
                atol=tol,
                rtol=0,
            )
        )
    except (TypeError, ValueError):
        ok = bool(np.all(answer == expected))
    if ok:
        print(f"✓ {name}: correct")
    else:
        print(f"✗ {name}: not yet" + (f" (hint: {hint})" if hint else ""))
    return ok
