import numpy as np
import pytest

from helpers.core.exercises import check


def test_correct_and_wrong_answers(capsys):
    assert check("a", answer=0.5, expected=0.52, tol=0.05) is True
    assert "✓ a: correct" in capsys.readouterr().out
    assert check("b", answer=3, expected=4, hint="count again") is False
    assert "✗ b: not yet (hint: count again)" in capsys.readouterr().out


def test_arrays_strings_and_unanswered(capsys):
    assert check("arr", answer=[1, 2], expected=np.array([1.0, 2.0]))
    assert check("word", answer="margin", expected="margin")
    assert not check("word", answer="entropy", expected="margin")
    assert not check("none", answer=None, expected=1)
    assert "not answered yet" in capsys.readouterr().out


def test_negative_tolerance_is_an_error():
    with pytest.raises(ValueError, match=r"tol must be in \[0, inf\)"):
        check("x", answer=1, expected=1, tol=-1)
