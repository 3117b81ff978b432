"""Labeling functions, the label matrix, the label model, the end model, the widget."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.labels import weak
from helpers.labels.weak import (
    ABSTAIN,
    LabelingFunction,
    LabelModel,
    apply_lfs,
    keyword_lf,
    lf_summary,
    majority_vote,
    regex_lf,
    simulate_label_matrix,
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
    with pytest.raises(ValueError, match="ABSTAIN"):
        lf_summary(TINY_L + 5, names=["a", "b", "c"], n_classes=3)


def test_majority_vote_by_hand():
    strict = majority_vote(TINY_L, n_classes=3, tie_break="abstain")
    np.testing.assert_array_equal(strict, [0, ABSTAIN, 1, ABSTAIN, 2])
    rand = majority_vote(TINY_L, n_classes=3, tie_break="random", seed=1)
    assert rand[1] in (0, 1) and rand[3] == ABSTAIN
    np.testing.assert_array_equal(rand[[0, 2, 4]], [0, 1, 2])
    with pytest.raises(ValueError, match="tie_break"):
        majority_vote(TINY_L, n_classes=3, tie_break="first")


def test_random_ties_are_split_between_the_tied_classes():
    L = np.tile([0, 1, -1], (2000, 1))
    picks = majority_vote(L, n_classes=3, seed=0)
    assert set(picks) == {0, 1}
    assert 0.45 < (picks == 0).mean() < 0.55


# ------------------------------------------------------------------ label model

ACCS = [0.95, 0.9, 0.45, 0.4, 0.4]


@pytest.fixture(scope="module")
def simulated():
    return simulate_label_matrix(
        6000, accuracies=ACCS, propensities=[0.6] * 5, prior=[0.5, 0.3, 0.2], seed=0
    )


def test_label_model_recovers_known_accuracies(simulated):
    L, _ = simulated
    model = LabelModel(3).fit(L)
    np.testing.assert_allclose(model.accuracy_, ACCS, atol=0.03)
    np.testing.assert_allclose(model.propensity_, 0.6, atol=0.03)
    np.testing.assert_allclose(model.prior_, [0.5, 0.3, 0.2], atol=0.03)
    assert model.n_iter_ < model.max_iter


def test_label_model_beats_majority_vote_when_accuracies_differ(simulated):
    L, y = simulated
    covered = (L != ABSTAIN).any(axis=1)
    lm = LabelModel(3).fit(L).predict(L)
    mv = majority_vote(L, n_classes=3)
    lm_acc = (lm[covered] == y[covered]).mean()
    mv_acc = (mv[covered] == y[covered]).mean()
    assert lm_acc > mv_acc + 0.04, (lm_acc, mv_acc)
    assert (lm[~covered] == ABSTAIN).all()


def test_label_model_equals_majority_vote_when_accuracies_are_equal():
    L, y = simulate_label_matrix(
        6000, accuracies=[0.7] * 5, propensities=[0.6] * 5, prior=[1 / 3] * 3
    )
    covered = (L != ABSTAIN).any(axis=1)
    lm = LabelModel(3).fit(L).predict(L)
    mv = majority_vote(L, n_classes=3, tie_break="abstain")
    clear = covered & (mv != ABSTAIN)  # no tie: both must agree
    assert (lm[clear] == mv[clear]).mean() > 0.99


def test_label_model_learns_one_class_rules_from_their_firing_rates():
    """Keyword-like functions vote one class; what they tell is how often they fire.

    With two rules per class the rates are identifiable from co-firing alone.
    """
    rng = np.random.default_rng(0)
    n, prior = 10_000, np.array([0.4, 0.35, 0.25])
    y = rng.choice(3, size=n, p=prior)
    spec = [
        (0, 0.5, 0.05),
        (0, 0.3, 0.02),
        (1, 0.4, 0.02),
        (1, 0.6, 0.1),
        (2, 0.6, 0.05),
        (2, 0.4, 0.03),
    ]
    L = np.full((n, len(spec)), ABSTAIN)
    for j, (c, hit, false) in enumerate(spec):
        fires = rng.random(n) < np.where(y == c, hit, false)
        L[fires, j] = c
    model = LabelModel(3).fit(L)
    np.testing.assert_allclose(model.hit_, [s[1] for s in spec], atol=0.05)
    np.testing.assert_allclose(model.false_, [s[2] for s in spec], atol=0.03)
    true_acc = [(y[L[:, j] == c] == c).mean() for j, (c, _, _) in enumerate(spec)]
    np.testing.assert_allclose(model.accuracy_, true_acc, atol=0.05)


def test_label_model_posterior_is_the_formula():
    model = LabelModel(3).fit(TINY_L)
    h, f, pi = model.hit_, model.false_, model.prior_
    # item 1: a votes 0, b votes 1, c abstains; c's polarity is {1, 2}
    log_abstain_c = np.log([1 - 2 * f[2], 1 - h[2] - f[2], 1 - h[2] - f[2]])
    by_hand = np.log(pi) + log_abstain_c
    by_hand[0] += np.log(h[0] / f[0])
    by_hand[1] += np.log(h[1] / f[1])
    by_hand = np.exp(by_hand - by_hand.max())
    np.testing.assert_allclose(
        model.predict_proba(TINY_L)[1], by_hand / by_hand.sum(), rtol=1e-9
    )


def test_label_model_bad_input():
    with pytest.raises(ValueError, match="n_classes"):
        LabelModel(1)
    with pytest.raises(ValueError, match="fit"):
        LabelModel(3).predict_proba(TINY_L)
    with pytest.raises(ValueError, match="nothing to fit"):
        LabelModel(3).fit(np.full((4, 2), ABSTAIN))
    model = LabelModel(3).fit(TINY_L)
    with pytest.raises(ValueError, match="fitted on 3"):
        model.predict(TINY_L[:, :2])
