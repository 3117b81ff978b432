import math

import numpy as np
import pandas as pd
import pytest

from helpers.core.validation import (
    check_array,
    check_choice,
    check_frame,
    check_int,
    check_labels,
    check_probabilities,
    check_real,
    check_same_length,
    check_seeds,
)


def test_check_choice():
    assert check_choice("scaler", "standard", ("none", "standard")) == "standard"
    with pytest.raises(ValueError, match=r"unknown scaler 'robust'; choose one of"):
        check_choice("scaler", "robust", ("none", "standard"))


def test_check_frame():
    df = pd.DataFrame({"a": [1], "b": [2]})
    assert check_frame(df, ["a"]) is df
    with pytest.raises(TypeError, match="expected a pandas DataFrame, got list"):
        check_frame([1, 2])
    with pytest.raises(ValueError, match="empty"):
        check_frame(pd.DataFrame({"a": []}))
    with pytest.raises(ValueError, match=r"lacks columns \['c'\]"):
        check_frame(df, ["a", "c"])


def test_check_seeds():
    assert check_seeds(range(3)) == [0, 1, 2]
    assert check_seeds(np.arange(2)) == [0, 1]
    with pytest.raises(TypeError, match="seed must be an integer"):
        check_seeds(["4"])
    with pytest.raises(TypeError, match="sequence of integers"):
        check_seeds(3)
    with pytest.raises(ValueError, match="at most 1000"):
        check_seeds(range(1001))
    with pytest.raises(ValueError, match="at least one seed"):
        check_seeds([])


@pytest.mark.parametrize(
    ("value", "error", "match"),
    [
        (0, ValueError, r"k must be an integer in \[1, 10\], got 0"),
        (11, ValueError, r"in \[1, 10\]"),
        (2.0, TypeError, "k must be an integer, got float"),
        (True, TypeError, "got bool"),
        ("3", TypeError, "got str"),
    ],
)
def test_check_int_refuses(value, error, match):
    with pytest.raises(error, match=match):
        check_int("k", value, low=1, high=10)


def test_check_int_accepts_numpy_integers():
    assert check_int("k", np.int64(3), low=1) == 3
    assert type(check_int("k", np.int64(3))) is int


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_check_real_refuses_non_finite(value):
    with pytest.raises(ValueError, match="finite"):
        check_real("rate", value)


def test_check_real_bounds_and_open_interval():
    assert check_real("p", 1, low=0, high=1) == 1.0
    with pytest.raises(ValueError, match=r"p must be in \[0, 1\], got 1.5"):
        check_real("p", 1.5, low=0, high=1)
    with pytest.raises(ValueError, match=r"f must be in \(0, 1\), got 1.0"):
        check_real("f", 1.0, low=0, high=1, open_low=True, open_high=True)
    with pytest.raises(ValueError, match=r"\(0, inf\)"):
        check_real("lr", 0, low=0, open_low=True)
    with pytest.raises(TypeError, match="must be a number"):
        check_real("lr", "0.1")


def test_check_array_shape_length_and_finiteness():
    assert check_array("x", [[1, 2]], ndim=2).shape == (1, 2)
    with pytest.raises(ValueError, match="must be 1-D, got 2-D"):
        check_array("x", [[1, 2]], ndim=1)
    with pytest.raises(ValueError, match="at least 1 rows, got 0"):
        check_array("x", [])
    with pytest.raises(ValueError, match="found 2 NaN or inf"):
        check_array("x", [np.nan, np.inf, 1.0])
    with pytest.raises(TypeError, match="array of numbers"):
        check_array("x", ["a", "b"])
    assert check_array("x", [np.nan], finite=False).size == 1


def test_check_labels_and_lengths_and_probabilities():
    assert check_labels("y", [0.0, 2.0]).tolist() == [0, 2]
    with pytest.raises(ValueError, match="integer class labels"):
        check_labels("y", [0.5])
    with pytest.raises(ValueError, match=r"labels in 0..1, got values \[2\]"):
        check_labels("y", [0, 2], n_classes=2)
    assert check_same_length(a=[1, 2], b=[3, 4]) == 2
    with pytest.raises(
        ValueError, match="a and b must have the same length, got 2 and 1"
    ):
        check_same_length(a=[1, 2], b=[3])
    assert check_probabilities("p", [[0.25, 0.75]]).shape == (1, 2)
    with pytest.raises(ValueError, match="in \\[0, 1\\]"):
        check_probabilities("p", [[-0.5, 1.5]])
    with pytest.raises(ValueError, match="row 1 sums to 0.5"):
        check_probabilities("p", [[0.5, 0.5], [0.25, 0.25]])
