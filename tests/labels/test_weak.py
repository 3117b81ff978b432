"""Tests of labels.weak: labeling functions, the label matrix and its summary."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.labels import weak
from helpers.labels.weak import (
    ABSTAIN,
    LabelingFunction,
    apply_lfs,
    keyword_lf,
    lf_summary,
    majority_vote,
    regex_lf,
)

# A label matrix small enough to work out by hand (3 functions, 5 items, 3 classes).
TINY_L = np.array(
    [
        [0, 0, -1],
        [0, 1, -1],
        [-1, 1, 1],
        [-1, -1, -1],
        [2, -1, 2],
    ]
)
TINY_Y = np.array([0, 0, 1, 2, 2])


# ----------------------------------------------------------- labeling functions


def test_keyword_lf_matches_whole_words_in_any_case():
    lf = keyword_lf("kw_refund", ["refund", "charged"], 0)
    assert lf("Please REFUND me") == 0
    assert lf("i was charged twice") == 0
    assert lf("refunded already") == ABSTAIN  # not the whole word
    assert lf("my parcel is late") == ABSTAIN


def test_regex_lf():
    lf = regex_lf("re_money", r"\$\d+", 2)
    assert lf("it cost $29.99") == 2
    assert lf("it cost 29 dollars") == ABSTAIN


def test_apply_lfs_builds_the_label_matrix():
    lfs = [keyword_lf("a", ["cat"], 0), keyword_lf("b", ["dog"], 1)]
    L = apply_lfs(lfs, ["a cat", "a dog", "cat and dog", "a bird"], n_classes=2)
    np.testing.assert_array_equal(L, [[0, -1], [-1, 1], [0, 1], [-1, -1]])
    assert L.dtype.kind == "i"


@pytest.mark.parametrize("bad", [3, -2, "billing", None, 1.0, True])
def test_invalid_labels_are_reported_by_name(bad):
    good = keyword_lf("kw_ok", ["x"], 0)
    broken = LabelingFunction("lf_broken", lambda t: bad if "boom" in t else ABSTAIN)
    with pytest.raises(ValueError, match="'lf_broken' returned") as info:
        apply_lfs([good, broken], ["fine", "boom here"], n_classes=3)
    assert "text 1" in str(info.value) and "0..2" in str(info.value)


def test_batch_functions_are_validated_too():
    short = LabelingFunction("lf_short", lambda t: 0, batch=lambda ts: [0])
    with pytest.raises(ValueError, match="'lf_short' returned 1 labels for 2"):
        apply_lfs([short], ["a", "b"], n_classes=2)
    wrong = LabelingFunction("lf_np", lambda t: 0, batch=lambda ts: np.full(2, 7))
    with pytest.raises(ValueError, match="'lf_np' returned 7"):
        apply_lfs([wrong], ["a", "b"], n_classes=2)


def test_duplicate_names_are_rejected():
    lf = keyword_lf("same", ["x"], 0)
    with pytest.raises(ValueError, match="unique"):
        apply_lfs([lf, lf], ["x"], n_classes=2)


def test_classifier_lf_abstains_when_unsure():
    texts = ["cheap refund money", "refund money back", "app crash bug", "crash bug"]
    lf = weak.classifier_lf("clf", texts, np.array([0, 0, 1, 1]), threshold=0.6)
    out = apply_lfs([lf], ["refund money", "crash bug", "hello there"], n_classes=2)
    np.testing.assert_array_equal(out[:, 0], [0, 1, ABSTAIN])
    with pytest.raises(ValueError, match="threshold"):
        weak.classifier_lf("clf", texts, np.array([0, 0, 1, 1]), threshold=1.5)


# --------------------------------------------------------------------- analysis


def test_lf_summary_matches_a_hand_worked_case():
    table = lf_summary(TINY_L, names=["a", "b", "c"], n_classes=3, y=TINY_Y)
    # a votes items 0, 1, 4; b votes 0, 1, 2; c votes 2, 4.
    np.testing.assert_allclose(table["coverage"], [3 / 5, 3 / 5, 2 / 5])
    # every vote here has company
    np.testing.assert_allclose(table["overlaps"], [3 / 5, 3 / 5, 2 / 5])
    # only item 1 (a says 0, b says 1) is a conflict
    np.testing.assert_allclose(table["conflicts"], [1 / 5, 1 / 5, 0])
    np.testing.assert_array_equal(table["correct"], [3, 2, 2])
    np.testing.assert_array_equal(table["incorrect"], [0, 1, 0])
    np.testing.assert_allclose(table["accuracy"], [1, 2 / 3, 1])
    assert table.loc["a", "polarity"] == [0, 2]
    assert list(table.index) == ["a", "b", "c"]


def test_lf_summary_without_labels_and_with_bad_input():
    table = lf_summary(TINY_L, names=["a", "b", "c"], n_classes=3)
    assert "accuracy" not in table.columns
    with pytest.raises(ValueError, match="3 labeling functions"):
        lf_summary(TINY_L, names=["a", "b"], n_classes=3)
    with pytest.raises(ValueError, match=r"L must be in \[0, 2\] or -1"):
        lf_summary(TINY_L + 5, names=["a", "b", "c"], n_classes=3)


def test_majority_vote_is_the_shared_one_with_ties_as_an_option():
    """Lesson 08 calls ``weak.majority_vote``: the one of labels.votes."""
    strict = majority_vote(TINY_L, n_classes=3, ties="abstain")
    np.testing.assert_array_equal(strict, [0, ABSTAIN, 1, ABSTAIN, 2])
    rand = majority_vote(TINY_L, n_classes=3, ties="random", seed=1)
    assert rand[1] in (0, 1) and rand[3] == ABSTAIN
    np.testing.assert_array_equal(rand[[0, 2, 4]], [0, 1, 2])


def test_label_accuracy_counts_only_labelled_items():
    acc, share = weak.label_accuracy(np.array([0, -1, 2, 1]), np.array([0, 1, 2, 2]))
    assert acc == pytest.approx(2 / 3) and share == 0.75
    with pytest.raises(ValueError, match="same length"):
        weak.label_accuracy(np.array([0, 1]), np.array([0]))


KW = [keyword_lf("a", ["x"], 0)]
AB = ["a", "b"]


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: apply_lfs(KW, ["x"], n_classes=1), ValueError, "n_classes"),
        (lambda: apply_lfs(KW, ["x"], n_classes="2"), TypeError, "n_classes"),
        (lambda: apply_lfs([], ["x"], n_classes=2), ValueError, "at least one"),
        (lambda: keyword_lf("a", [], 0), ValueError, "keyword"),
        (lambda: weak.classifier_lf("c", AB, [0, 0]), ValueError, "2 classes"),
        (lambda: weak.classifier_lf("c", ["a"], [0, 1]), ValueError, "same length"),
        (
            lambda: weak.classifier_lf("c", AB, [0, 1], threshold="hi"),
            TypeError,
            "threshold",
        ),
        (
            lambda: lf_summary(TINY_L, names=list("abc"), n_classes=3, y=TINY_Y[:3]),
            ValueError,
            "same length",
        ),
    ],
)
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()


# ------------------------------------------------------------------- bad input


def test_labeling_functions_check_their_parts():
    with pytest.raises(TypeError, match="fn of 'lf' must be a function"):
        LabelingFunction("lf", None)
    with pytest.raises(TypeError, match="name must be a string"):
        LabelingFunction(3, len)
    with pytest.raises(TypeError, match="keywords of 'kw' must be a list of words"):
        keyword_lf("kw", "refund", 0)  # one string would be split into letters
    with pytest.raises(ValueError, match="label must be an integer"):
        keyword_lf("kw", ["refund"], -1)
    with pytest.raises(ValueError, match="no regular expression"):
        regex_lf("re", "(unclosed", 0)


def test_texts_and_functions_are_checked_before_applying():
    lf = keyword_lf("kw", ["refund"], 0)
    with pytest.raises(TypeError, match="texts must be a sequence of strings, got one"):
        apply_lfs([lf], "refund please", n_classes=2)
    with pytest.raises(TypeError, match="lfs must hold LabelingFunctions"):
        apply_lfs([lf, len], ["refund"], n_classes=2)
    with pytest.raises(ValueError, match="texts must hold at least one text"):
        weak.check_texts("texts", [])
    with pytest.raises(TypeError, match="texts must hold strings"):
        weak.check_texts("texts", ["a", 3])
    assert weak.check_texts("texts", ("a", "b")) == ["a", "b"]


def test_label_accuracy_refuses_fractional_labels():
    with pytest.raises(ValueError, match="labels must hold integer class labels"):
        weak.label_accuracy(np.array([0.5, 1.0]), np.array([0, 1]))
    with pytest.raises(ValueError, match="ABSTAIN"):
        weak.label_accuracy(np.array([-2, 1]), np.array([0, 1]))
