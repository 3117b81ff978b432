"""Checking exercise answers without giving them away.

>>> rows = [(1, None), (2, 3.0), (None, 4.0)]
>>> reference = sum(any(v is None for v in row) for row in rows)  # computed, not typed
>>> ok = check("02.1 rows dropped", answer=2, expected=reference)
✓ 02.1 rows dropped: correct
>>> ok = check("02.1 rows dropped", answer=None, expected=reference)
… 02.1 rows dropped: not answered yet

The lesson computes ``expected`` itself (never types it in), so the check stays true
when the data or the seed changes.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers.core.validation import check_real


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
    tol = check_real("tol", tol, low=0.0)
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
