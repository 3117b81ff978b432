import pandas as pd
import pytest

from helpers.validation import check_choice, check_frame, check_seeds


def test_check_choice():
    assert check_choice("scaler", "standard", ("none", "standard")) == "standard"
    with pytest.raises(ValueError, match=r"unknown scaler 'robust'; choose one of"):
        check_choice("scaler", "robust", ("none", "standard"))


def test_check_frame():
    df = pd.DataFrame({"a": [1], "b": [2]})
    assert check_frame(df, ["a"]) is df
    with pytest.raises(ValueError, match="expected a pandas DataFrame, got list"):
        check_frame([1, 2])
    with pytest.raises(ValueError, match="empty"):
        check_frame(pd.DataFrame({"a": []}))
    with pytest.raises(ValueError, match=r"lacks columns \['c'\]"):
        check_frame(df, ["a", "c"])


def test_check_seeds():
    assert check_seeds(range(3)) == [0, 1, 2]
    assert check_seeds(["4"]) == [4]
    with pytest.raises(ValueError, match="at least one seed"):
        check_seeds([])
