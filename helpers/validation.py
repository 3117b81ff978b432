"""Argument checks shared by the helpers: one wording for one kind of mistake.

Each check raises ``ValueError`` with a message that names what was expected and what
was given, and otherwise returns the (normalised) value so it can be used inline.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

import pandas as pd

T = TypeVar("T")


def check_choice(name: str, value: T, options: Sequence[T]) -> T:
    """``value`` if it is one of ``options``; otherwise a ValueError listing them.

    >>> check_choice("scaler", "robust", ("none", "standard"))
    Traceback (most recent call last):
    ValueError: unknown scaler 'robust'; choose one of ['none', 'standard']
    """
    if value not in options:
        raise ValueError(f"unknown {name} {value!r}; choose one of {list(options)}")
    return value


def check_frame(df: Any, columns: Sequence[str] = ()) -> pd.DataFrame:
    """``df`` if it is a non-empty DataFrame holding every name in ``columns``."""
    if not isinstance(df, pd.DataFrame):
        raise ValueError(f"expected a pandas DataFrame, got {type(df).__name__}")
    if df.empty:
        raise ValueError("the DataFrame is empty: it needs at least one row")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(
            f"the frame lacks columns {missing}: they are not in the frame's columns "
            f"{list(df.columns)}"
        )
    return df


def check_seeds(seeds: Iterable[Any]) -> list[int]:
    """The seeds as a list of ints; at least one."""
    out = [int(s) for s in seeds]
    if not out:
        raise ValueError("seeds must name at least one seed")
    return out
