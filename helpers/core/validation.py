"""Argument checks shared by the helpers: one wording for one kind of mistake.

Every public helper checks its arguments here rather than inline, so a student who
passes something wrong reads the same kind of message everywhere: the argument's
name, what was expected and what came. Each check raises ``ValueError`` (or
``TypeError`` for a value of the wrong type) and otherwise returns the normalised
value, so it can be used inline::

    k = check_int("k", k, low=1)
    X = check_array("X", X, ndim=2)

>>> check_real("threshold", 1.5, low=0, high=1)
Traceback (most recent call last):
ValueError: threshold must be in [0, 1], got 1.5
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

import numpy as np
import pandas as pd

T = TypeVar("T")


def _interval(
    low: float | None, high: float | None, *, open_low: bool, open_high: bool = False
) -> str:
    def fmt(x: float) -> str:  # integers in full (1000000, not 1e+06)
        return str(int(x)) if float(x).is_integer() and abs(x) < 1e16 else f"{x:g}"

    lo = "(-inf" if low is None else f"{'(' if open_low else '['}{fmt(low)}"
    hi = "inf)" if high is None else f"{fmt(high)}{')' if open_high else ']'}"
    return f"{lo}, {hi}"


def check_int(
    name: str, value: Any, *, low: int | None = None, high: int | None = None
) -> int:
    """``value`` as an ``int`` in ``[low, high]``; bools and non-integers refused.

    >>> check_int("k", 3, low=1)
    3
    >>> check_int("k", 0, low=1)
    Traceback (most recent call last):
    ValueError: k must be an integer in [1, inf), got 0
    >>> check_int("k", 2.5)
    Traceback (most recent call last):
    TypeError: k must be an integer, got float 2.5
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} must be an integer, got {type(value).__name__} {value!r}"
        )
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        span = _interval(low, high, open_low=False)
        raise ValueError(f"{name} must be an integer in {span}, got {value}")
    return value


def check_real(
    name: str,
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    open_low: bool = False,
    open_high: bool = False,
) -> float:
    """``value`` as a finite ``float`` in ``[low, high]``; ``open_low`` and
    ``open_high`` exclude the ends. NaN, inf, bools and non-numbers refused.

    >>> check_real("learning rate", 0.0, low=0, open_low=True)
    Traceback (most recent call last):
    ValueError: learning rate must be in (0, inf), got 0.0
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{name} must be a number, got {type(value).__name__} {value!r}"
        )
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    too_low = low is not None and (value <= low if open_low else value < low)
    too_high = high is not None and (value >= high if open_high else value > high)
    if too_low or too_high:
        span = _interval(low, high, open_low=open_low, open_high=open_high)
        raise ValueError(f"{name} must be in {span}, got {value}")
    return value


def check_array(
    name: str,
    value: Any,
    *,
    ndim: int | Sequence[int] | None = None,
    finite: bool = True,
    min_len: int = 1,
    dtype: Any = float,
) -> np.ndarray:
    """``value`` as a NumPy array of ``dtype`` with ``ndim`` dimensions, at least
    ``min_len`` rows, and (when ``finite``) no NaN or inf.

    >>> check_array("scores", [0.2, float("nan")])
    Traceback (most recent call last):
    ValueError: scores must hold finite numbers; found 1 NaN or inf
    """
    try:
        arr = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{name} must be an array of numbers, got {type(value).__name__}: {exc}"
        ) from None
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(
                f"{name} must be {want}, got {arr.ndim}-D with shape {arr.shape}"
            )
    if arr.ndim == 0 or len(arr) < min_len:
        n = 0 if arr.ndim == 0 else len(arr)
        raise ValueError(f"{name} must hold at least {min_len} rows, got {n}")
    if finite and np.issubdtype(arr.dtype, np.number):
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        if bad:
            raise ValueError(f"{name} must hold finite numbers; found {bad} NaN or inf")
    return arr


def check_labels(name: str, value: Any, *, n_classes: int | None = None) -> np.ndarray:
    """``value`` as a 1-D array of integer class labels (``0..n_classes-1`` if given).

    >>> check_labels("y", [0, 1, 3], n_classes=3)
    Traceback (most recent call last):
    ValueError: y must hold labels in 0..2, got values [3]
    """
    arr = check_array(name, value, ndim=1, dtype=float)
    if not np.all(arr == np.round(arr)):
        raise ValueError(f"{name} must hold integer class labels")
    arr = arr.astype(int)
    if n_classes is not None:
        bad = np.unique(arr[(arr < 0) | (arr >= n_classes)])
        if bad.size:
            raise ValueError(
                f"{name} must hold labels in 0..{n_classes - 1}, "
                f"got values {bad[:5].tolist()}"
            )
    return arr


def check_same_length(**arrays: Any) -> int:
    """The common length of the named arrays; a ValueError naming them if they differ.

    >>> check_same_length(X=[[1], [2]], y=[0])
    Traceback (most recent call last):
    ValueError: X and y must have the same length, got 2 and 1
    """
    lengths = {name: len(a) for name, a in arrays.items()}
    if len(set(lengths.values())) > 1:
        names = " and ".join(lengths)
        got = " and ".join(str(n) for n in lengths.values())
        raise ValueError(f"{names} must have the same length, got {got}")
    return next(iter(lengths.values()), 0)


def check_probabilities(name: str, value: Any, *, atol: float = 1e-6) -> np.ndarray:
    """``value`` as a 2-D array of probability rows: each in [0, 1], each summing to 1.

    >>> check_probabilities("proba", [[0.5, 0.6]])
    Traceback (most recent call last):
    ValueError: proba must have rows that sum to 1; row 0 sums to 1.1
    """
    arr = check_array(name, value, ndim=2)
    if arr.shape[1] < 1:
        raise ValueError(f"{name} must have at least one column")
    if np.any(arr < -atol) or np.any(arr > 1 + atol):
        raise ValueError(f"{name} must hold probabilities in [0, 1]")
    sums = arr.sum(axis=1)
    bad = np.flatnonzero(np.abs(sums - 1) > max(atol, 1e-9) * arr.shape[1])
    if bad.size:
        i = int(bad[0])
        raise ValueError(
            f"{name} must have rows that sum to 1; row {i} sums to {sums[i]:.3g}"
        )
    return arr


def check_choice(name: str, value: T, options: Sequence[T]) -> T:
    """``value`` if it is one of ``options``; otherwise a ValueError listing them.

    >>> check_choice("scaler", "robust", ("none", "standard"))
    Traceback (most recent call last):
    ValueError: unknown scaler 'robust'; choose one of ['none', 'standard']
    """
    try:
        known = value in options
    except TypeError:  # an unhashable value against a mapping or set
        known = False
    if not known:
        raise ValueError(f"unknown {name} {value!r}; choose one of {list(options)}")
    return value


def check_frame(
    df: Any, columns: Sequence[str] = (), *, name: str = "the frame"
) -> pd.DataFrame:
    """``df`` if it is a non-empty DataFrame holding every name in ``columns``.

    >>> check_frame([1, 2], name="table")
    Traceback (most recent call last):
    TypeError: table: expected a pandas DataFrame, got list
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{name}: expected a pandas DataFrame, got {type(df).__name__}")
    if df.empty:
        raise ValueError(f"{name} is empty: it needs at least one row")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(
            f"{name} lacks columns {missing}: they are not in the frame's columns "
            f"{list(df.columns)}"
        )
    return df


def check_seeds(seeds: Iterable[Any], *, max_seeds: int = 1000) -> list[int]:
    """The seeds as a list of non-negative ints; at least one, at most ``max_seeds``.

    >>> check_seeds(range(3))
    [0, 1, 2]
    """
    if isinstance(seeds, numbers.Integral):
        raise TypeError(f"seeds must be a sequence of integers, got the int {seeds}")
    out = [check_int("seed", s, low=0) for s in seeds]
    if not out:
        raise ValueError("seeds must name at least one seed")
    if len(out) > max_seeds:
        raise ValueError(f"seeds must name at most {max_seeds} seeds, got {len(out)}")
    return out
