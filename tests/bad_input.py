"""The bad-input walker's vocabulary: cases, kinds of argument, and their bad values.

Every public function and class of ``helpers`` has a :class:`Case` in the
``bad_inputs.py`` file of its phase under ``tests/`` (``tests/labels/bad_inputs.py``
...), or an entry in that file's ``EXEMPT`` with the reason. A case gives a valid call
(small inputs) and the *kind* of each argument to attack. ``tests/test_bad_input.py``
then replaces one argument at a time by bad values that hypothesis generates for its
kind, and requires a ``ValueError`` or ``TypeError``: any other exception, a call
past the time limit, or a silent success fails the test.

Kinds (what the argument must be -> what is generated against it):

``count``     int >= 1 with a cap -> 0, negatives, floats, NaN, bools, strings, None,
              10**12 (past any cap: must be refused, not allocated or looped over)
``index``     int >= 0 (seeds, positions) -> negatives, floats, NaN, strings, None
``prob``      real in [0, 1] -> NaN, +-inf, values outside [0, 1], strings, None
``positive``  real > 0 -> 0, negatives, NaN, +-inf, strings, None
``real``      finite real -> NaN, +-inf, strings, None
``array``     finite numeric array -> a NaN or inf planted, empty, wrong number of
              dimensions, a string, None
``labels``    integer labels -> a NaN, a fraction, wrong dimensions, empty, a string
``shorter``   an array that must match another's length -> the same minus its last
              row
``choice``    a name from a fixed set -> unknown names, numbers, an empty tuple
              (None often means "the default", so it is not attacked here)
``frame``     a DataFrame -> no rows, a required column missing, a list, None
``callable``  a function -> None, a number, a string
``texts``     a list of strings -> one bare string, numbers in the list, an empty
              list, None
``instance``  an object of a given class (a result, a config, a generator) -> None, a
              number, a string, a list

Each kind also has values tried on every run before hypothesis draws its own
(:data:`ALWAYS`): 10**12 for every count (past any cap: it must be refused fast, not
allocated or looped over), NaN for every real.
"""

from __future__ import annotations

import functools
import math
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import pandas as pd
from hypothesis import strategies as st

NOT_A_NUMBER = st.sampled_from(["3", None, [1], {"a": 1}])


def _count(valid: Any) -> st.SearchStrategy:
    return st.one_of(
        st.integers(max_value=0),
        st.sampled_from([0.5, 2.5, math.nan, math.inf, True, 10**12]),
        NOT_A_NUMBER,
    )


def _index(valid: Any) -> st.SearchStrategy:
    return st.one_of(
        st.integers(max_value=-1), st.sampled_from([0.5, math.nan]), NOT_A_NUMBER
    )


def _prob(valid: Any) -> st.SearchStrategy:
    outside = st.floats(allow_nan=True, allow_infinity=True).filter(
        lambda x: not 0.0 <= x <= 1.0
    )
    return st.one_of(outside, NOT_A_NUMBER)


def _positive(valid: Any) -> st.SearchStrategy:
    return st.one_of(
        st.floats(max_value=0.0, allow_infinity=True),
        st.sampled_from([math.nan, math.inf]),
        NOT_A_NUMBER,
    )


def _real(valid: Any) -> st.SearchStrategy:
    return st.one_of(st.sampled_from([math.nan, math.inf, -math.inf]), NOT_A_NUMBER)


def _planted(valid: Any, value: float) -> st.SearchStrategy:
    arr = np.array(valid, dtype=float)

    def plant(i: int) -> np.ndarray:
        out = arr.copy()
        out.flat[i % out.size] = value
        return out

    return st.integers(min_value=0, max_value=max(arr.size - 1, 0)).map(plant)


def _array(valid: Any) -> st.SearchStrategy:
    arr = np.asarray(valid)
    empty = np.empty((0,) + arr.shape[1:])
    wrong_ndim = arr[..., None] if arr.ndim >= 2 else arr.reshape(1, 1, -1)
    return st.one_of(
        _planted(arr, math.nan),
        _planted(arr, math.inf),
        st.sampled_from([empty, wrong_ndim, "x", None]),
    )


def _labels(valid: Any) -> st.SearchStrategy:
    arr = np.asarray(valid)
    return st.one_of(
        _planted(arr, math.nan),
        _planted(arr, 0.5),
        st.sampled_from([arr[:0], arr.reshape(1, 1, -1), "x"]),
    )


def _shorter(valid: Any) -> st.SearchStrategy:
    return st.just(valid[:-1])


def _choice(valid: Any) -> st.SearchStrategy:
    names = st.text(alphabet="abcxyz-_ ", max_size=8).map(lambda s: f"no-such-{s}")
    return st.one_of(names, st.sampled_from([-987, 2.5, ()]))


def _frame(valid: Any) -> st.SearchStrategy:
    df = pd.DataFrame(valid)
    dropped = [df.drop(columns=[c]) for c in df.columns]
    return st.sampled_from([df.iloc[:0], *dropped, df.to_numpy().tolist(), None])


def _callable(valid: Any) -> st.SearchStrategy:
    return st.sampled_from([None, 3, "f"])


def _texts(valid: Any) -> st.SearchStrategy:
    return st.sampled_from(["one bare string", [1, 2], [], None, ["ok", 3]])


def _instance(valid: Any) -> st.SearchStrategy:
    return st.sampled_from([None, 3, "f", [1, 2]])


KINDS: dict[str, Callable[[Any], st.SearchStrategy]] = {
    "count": _count,
    "index": _index,
    "prob": _prob,
    "positive": _positive,
    "real": _real,
    "array": _array,
    "labels": _labels,
    "shorter": _shorter,
    "choice": _choice,
    "frame": _frame,
    "callable": _callable,
    "texts": _texts,
    "instance": _instance,
}

ALWAYS: dict[str, tuple[Any, ...]] = {
    "count": (10**12, 0, -1, math.nan),
    "index": (-1, math.nan),
    "prob": (math.nan, 1.5, -0.5, math.inf),
    "positive": (math.nan, 0.0, -1.0, math.inf),
    "real": (math.nan, math.inf),
}
"""Bad values every run tries first, whatever hypothesis draws after them."""


@dataclass(frozen=True)
class Case:
    """A valid call of ``func`` and the kind of each argument to attack.

    ``valid`` returns fresh keyword arguments on every call (small inputs: the valid
    call runs once as a sanity check). ``kinds`` maps argument names to a kind of
    :data:`KINDS`. ``name`` defaults to the function's dotted name.
    """

    func: Callable[..., Any]
    valid: Callable[[], dict[str, Any]]
    kinds: Mapping[str, str]
    name: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.kinds.values()) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown kinds {sorted(unknown)}; known: {sorted(KINDS)}")
        if not self.name:
            object.__setattr__(
                self, "name", f"{self.func.__module__}.{self.func.__qualname__}"
            )


@functools.cache
def private_cache(func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` run with :data:`helpers.core.config.CACHE_DIR` in a fresh temp dir, so
    a registry's valid calls never write into the project's cache."""
    from helpers.core import config

    @functools.wraps(func)
    def call(**kwargs: Any) -> Any:
        with tempfile.TemporaryDirectory() as folder:
            with mock.patch.object(config, "CACHE_DIR", Path(folder)):
                return func(**kwargs)

    return call


def strategy(kind: str, valid: Any, *, none_ok: bool = False) -> st.SearchStrategy:
    """Bad values of ``kind``, shaped after the argument's valid value; without None
    when ``none_ok`` (an argument whose documented default is None)."""
    values = KINDS[kind](valid)
    return values.filter(lambda v: v is not None) if none_ok else values


def none_ok(func: Callable[..., Any], arg: str) -> bool:
    """Whether ``arg`` of ``func`` defaults to None (so None is a valid value)."""
    import inspect

    try:
        param = inspect.signature(func).parameters.get(arg)
    except (TypeError, ValueError):
        return False
    return param is not None and param.default is None
