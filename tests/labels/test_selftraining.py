"""Tests of labels.selftraining: loop invariants, scikit-learn agreement, errors."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from helpers.core.data import load_digits_split
from helpers.labels import selftraining as st


@pytest.fixture(scope="module")
def split():
    return load_digits_split()


@pytest.fixture(scope="module")
def y50(split):
    return st.partial_labels(split.y_pool, per_class=5, seed=0)


def run(split, y, **kw):
    return st.self_train(
        split.X_pool,
        y,
        y_true=split.y_pool,
        X_test=split.X_test,
        y_test=split.y_test,
        **kw,
    )


# ------------------------------------------------------------ select_confident


def test_select_confident_hand_worked():
    proba = np.array(
        [
            [0.95, 0.05],  # class 0, very confident
            [0.60, 0.40],  # class 0, unsure
            [0.10, 0.90],  # class 1, confident
            [0.02, 0.98],  # class 1, very confident
            [0.80, 0.20],  # class 0, exactly at 0.8: not strictly above
        ]
    )
    classes = np.array([0, 1])
    assert st.select_confident(proba, classes, threshold=0.8).tolist() == [0, 2, 3]
    # top-k overall: the two most confident rows (0.98 and 0.95)
    assert st.select_confident(proba, classes, threshold=0.5, k=2).tolist() == [0, 3]
    # class-balanced: the most confident row of each predicted class
    picked = st.select_confident(proba, classes, threshold=0.5, k=1, balanced=True)
    assert picked.tolist() == [0, 3]
    assert st.select_confident(proba, classes, threshold=1.0).size == 0
    assert st.select_confident(proba, classes, threshold=0.0).size == 5


def test_class_balanced_picks_equal_per_class_and_never_more_than_k():
    rng = np.random.default_rng(0)
    proba = rng.dirichlet(np.full(4, 0.3), size=400)  # (400, 4), mostly peaked
    classes = np.arange(4)
    rows = st.select_confident(proba, classes, threshold=0.5, k=7, balanced=True)
    predicted = proba[rows].argmax(axis=1)
    assert np.bincount(predicted, minlength=4).tolist() == [7, 7, 7, 7]
    # with a high threshold some classes run short: at most k each, all above it
    rows = st.select_confident(proba, classes, threshold=0.99, k=7, balanced=True)
    assert np.bincount(proba[rows].argmax(axis=1), minlength=4).max() <= 7
    assert np.all(proba[rows].max(axis=1) > 0.99)


# ------------------------------------------------------------ the loop


def test_loop_invariants(split, y50):
    res = run(split, y50, threshold=0.8, k=40, max_rounds=6)
    given = y50 != st.UNLABELED
    # the labelled set never shrinks and given labels are never changed
    assert np.array_equal(res.labels[given], y50[given])
    assert np.all(res.labeled_round[given] == 0)
    sizes = [(res.labeled_round >= 0) & (res.labeled_round <= r) for r in range(7)]
    counts = [int(s.sum()) for s in sizes]
    assert counts == sorted(counts) and counts[0] == 50
    # top-k respected, bookkeeping consistent
    assert np.all(res.added <= 40)
    assert res.added.sum() == np.sum(res.labeled_round > 0)
    assert np.array_equal(res.class_counts.sum(axis=1), res.added)
    assert res.n_rounds <= 6 and res.n_fits == res.n_rounds + 1
    assert len(res.test_accuracy) == res.n_rounds + 1
    # wrong counts agree with the hidden labels
    pseudo = res.labeled_round > 0
    assert res.n_wrong == int(np.sum(res.labels[pseudo] != split.y_pool[pseudo]))


def test_pseudo_labels_only_above_threshold(split, y50):
    """Each round's pseudo-labels were predicted above the threshold by that round's
    model (refit here from the labels the loop had at the start of the round)."""
    res = run(split, y50, threshold=0.9, max_rounds=3)
    for r in range(1, res.n_rounds + 1):
        before = (res.labeled_round >= 0) & (res.labeled_round < r)
        model = st.logistic_regression().fit(split.X_pool[before], res.labels[before])
        pool = np.flatnonzero(~before)
        proba = model.predict_proba(split.X_pool[pool])
        chosen = res.labeled_round[pool] == r
        assert chosen.sum() == res.added[r - 1]
        assert np.all(proba[chosen].max(axis=1) > 0.9)
        assert np.all(proba[~chosen].max(axis=1) <= 0.9)
        assert np.array_equal(proba[chosen].argmax(axis=1), res.labels[pool[chosen]])


def test_class_balanced_rounds_are_equal_per_class(split, y50):
    res = run(split, y50, threshold=0.0, k=5, balanced=True, max_rounds=4)
    assert res.n_rounds == 4
    assert np.all(res.class_counts == 5)  # every digit gets exactly k per round


def test_stops_at_max_rounds(split, y50):
    res = run(split, y50, threshold=0.5, k=10, max_rounds=3)
    assert res.n_rounds == 3 and res.stop_reason == "max_rounds"


def test_stops_when_nothing_is_confident(split, y50):
    res = run(split, y50, threshold=0.995, max_rounds=50)
    assert res.stop_reason == "none_confident"
    assert res.n_rounds < 50


def test_stops_when_everything_is_labelled(split, y50):
    res = run(split, y50, threshold=0.0, max_rounds=5)
    assert res.stop_reason == "all_labeled"
    assert res.n_rounds == 1 and res.added[0] == len(y50) - 50


def test_threshold_one_adds_nothing_and_equals_supervised(split, y50):
    res = run(split, y50, threshold=1.0, max_rounds=5)
    assert res.n_pseudo == 0 and res.n_rounds == 0
    assert res.stop_reason == "none_confident"
    given = y50 != st.UNLABELED
    supervised = st.logistic_regression().fit(split.X_pool[given], y50[given])
    assert res.final_accuracy == supervised.score(split.X_test, split.y_test)
    assert res.final_accuracy == res.baseline_accuracy


def test_max_rounds_zero_is_supervised_only(split, y50):
    res = run(split, y50, threshold=0.5, max_rounds=0)
    assert res.n_rounds == 0 and res.n_fits == 1


def test_without_y_true_wrong_is_unknown(split, y50):
    res = st.self_train(split.X_pool, y50, threshold=0.9, max_rounds=2)
    assert np.all(res.wrong == -1) and np.isnan(res.test_accuracy).all()


def test_self_training_helps_on_digits(split, y50):
    """The lesson's premise at small scale: balanced 3-NN beats supervised-only."""
    res = run(
        split, y50, threshold=0.5, k=10, balanced=True, max_rounds=12, make_model=st.knn
    )
    assert res.final_accuracy > res.baseline_accuracy + 0.03


# ------------------------------------------------------------ scikit-learn


@pytest.mark.parametrize("threshold", [0.7, 0.9])
def test_agrees_with_sklearn_self_training_classifier(split, y50, threshold):
    """With no top-k and no balancing both implement the same rule."""
    ours = st.self_train(split.X_pool, y50, threshold=threshold, max_rounds=4)
    theirs = st.sklearn_self_training(
        split.X_pool, y50, threshold=threshold, max_rounds=4
    )
    assert np.array_equal(ours.labels, theirs.transduction_)
    assert np.array_equal(ours.labeled_round, theirs.labeled_iter_)
    assert np.array_equal(
        ours.model.predict(split.X_test), theirs.predict(split.X_test)
    )


def test_sklearn_wrapper_uses_the_factory(split, y50):
    fitted = st.sklearn_self_training(
        split.X_pool,
        y50,
        threshold=0.9,
        max_rounds=1,
        make_model=lambda: LogisticRegression(C=0.5, max_iter=500),
    )
    assert fitted.estimator_.C == 0.5


# ------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (-0.1, ValueError),
        (1.5, ValueError),
        (float("nan"), ValueError),
        ("0.9", TypeError),
        (True, TypeError),
    ],
)
def test_threshold_outside_unit_interval_raises(split, y50, bad, error):
    with pytest.raises(error, match="threshold must be"):
        st.self_train(split.X_pool, y50, threshold=bad)
    with pytest.raises(error, match="threshold must be"):
        st.select_confident(np.eye(2), np.arange(2), threshold=bad)


def test_threshold_message_names_the_value(split, y50):
    with pytest.raises(ValueError, match=r"threshold must be in \[0, 1\], got 1.5"):
        st.self_train(split.X_pool, y50, threshold=1.5)


def test_empty_label_set_raises(split):
    y = np.full(len(split.y_pool), st.UNLABELED)
    with pytest.raises(ValueError, match="labelled set is empty"):
        st.self_train(split.X_pool, y)
    with pytest.raises(ValueError, match="labelled set is empty"):
        st.sklearn_self_training(split.X_pool, y)


def test_other_bad_input(split, y50):
    X = split.X_pool
    with pytest.raises(ValueError, match="at least 2 classes"):
        y = np.full(len(y50), st.UNLABELED)
        y[:3] = 4
        st.self_train(X, y)
    with pytest.raises(ValueError, match="balanced selection needs k"):
        st.self_train(X, y50, balanced=True)
    with pytest.raises(ValueError, match=r"k must be an integer in \[1, 1000000\]"):
        st.self_train(X, y50, k=0)
    with pytest.raises(TypeError, match="k must be an integer"):
        st.select_confident(np.eye(2), np.arange(2), threshold=0.5, k=2.5)
    with pytest.raises(ValueError, match=r"max_rounds must be an integer in \[0"):
        st.self_train(X, y50, max_rounds=-1)
    with pytest.raises(ValueError, match="X and y must have the same length"):
        st.self_train(X[:10], y50)
    with pytest.raises(ValueError, match="y must hold integer class labels"):
        st.self_train(X, y50 + 0.5)
    with pytest.raises(ValueError, match="y must hold labels >= 0, or -1"):
        st.self_train(X, y50 - 2)
    with pytest.raises(ValueError, match="y and y_true must have the same length"):
        st.self_train(X, y50, y_true=y50[:5])
    with pytest.raises(ValueError, match="X_test and y_test together"):
        st.self_train(X, y50, X_test=split.X_test)
    with pytest.raises(ValueError, match="X_test and y_test must have the same"):
        st.self_train(X, y50, X_test=split.X_test, y_test=split.y_test[:3])
    with pytest.raises(ValueError, match="X must hold finite numbers"):
        st.self_train(np.where(X == 0, np.nan, X), y50)


def test_float_labels_holding_integers_are_accepted(split, y50):
    as_float = st.self_train(split.X_pool, y50.astype(float), max_rounds=1)
    as_int = st.self_train(split.X_pool, y50, max_rounds=1)
    assert np.array_equal(as_float.labels, as_int.labels)


def test_select_confident_refuses_bad_probabilities():
    classes = np.arange(2)
    with pytest.raises(ValueError, match="proba must hold at least 1 rows, got 0"):
        st.select_confident(np.empty((0, 2)), classes, threshold=0.5)
    with pytest.raises(ValueError, match="classes must name the 2 columns"):
        st.select_confident(np.eye(2), np.array([], dtype=int), threshold=0.5)
    with pytest.raises(ValueError, match="proba must hold finite numbers"):
        st.select_confident(np.array([[np.nan, 1.0]]), classes, threshold=0.5)
    with pytest.raises(ValueError, match="proba must have rows that sum to 1"):
        st.select_confident(np.array([[0.7, 0.7]]), classes, threshold=0.5)
    with pytest.raises(ValueError, match="proba must be 2-D"):
        st.select_confident(np.array([0.3, 0.7]), classes, threshold=0.5)


def test_partial_labels_hides_all_but_per_class(split):
    y = st.partial_labels(split.y_pool, per_class=3, seed=1)
    kept = y != st.UNLABELED
    assert np.bincount(y[kept]).tolist() == [3] * 10
    assert np.array_equal(y[kept], split.y_pool[kept])
    with pytest.raises(ValueError, match="y must be 1-D"):
        st.partial_labels(np.zeros((2, 2)), per_class=1)


def test_base_models_and_results_check_their_arguments():
    assert st.knn(n_neighbors=5).n_neighbors == 5
    with pytest.raises(
        ValueError, match=r"n_neighbors must be an integer in \[1, 1000"
    ):
        st.knn(n_neighbors=10**12)
    with pytest.raises(ValueError, match=r"C must be in \(0, inf\)"):
        st.logistic_regression(C=0.0)
    fields = {
        "classes": np.array([0, 1]),
        "added": np.array([3]),
        "wrong": np.array([1]),
        "class_counts": np.array([[2, 1]]),
        "test_accuracy": np.array([np.nan, np.nan]),  # NaN: no test set
        "labels": np.array([0, 1, -1]),
        "labeled_round": np.array([0, 0, -1]),
        "stop_reason": "max_rounds",
        "n_fits": 2,
        "seconds": 0.1,
    }
    assert st.SelfTrainingResult(**fields).n_pseudo == 3
    with pytest.raises(ValueError, match="test_accuracy must have n_rounds \\+ 1 = 2"):
        st.SelfTrainingResult(**{**fields, "test_accuracy": np.array([0.5])})
    with pytest.raises(ValueError, match="unknown stop_reason 'bored'"):
        st.SelfTrainingResult(**{**fields, "stop_reason": "bored"})
    with pytest.raises(ValueError, match=r"n_fits must be an integer in \[1, 2\]"):
        st.SelfTrainingResult(**{**fields, "n_fits": 10**12})


def test_make_model_must_be_callable(split, y50):
    with pytest.raises(TypeError, match="make_model must be a function"):
        st.self_train(split.X_pool, y50, make_model=None)
    with pytest.raises(ValueError, match="X_test must have the 64 columns of X"):
        st.self_train(
            split.X_pool, y50, X_test=split.X_test[:, :3], y_test=split.y_test
        )


def test_validation_set_is_scored_like_the_test_set(split, y50):
    """Scoring a validation set changes nothing else; its accuracy is model.score."""
    smaller, X_val, y_val = st.hold_out_validation(split, per_class=3, seed=0)
    assert len(y_val) == 30 and np.array_equal(np.bincount(y_val), np.full(10, 3))
    assert len(smaller.y_test) == len(split.y_test) - 30
    # validation and test rows are disjoint pieces of the old test set
    rows = {tuple(r) for r in X_val.round(6)}
    assert not rows & {tuple(r) for r in smaller.X_test.round(6)} or len(rows) < 30
    kw = dict(threshold=0.9, max_rounds=2, X_test=split.X_test, y_test=split.y_test)
    with_val = st.self_train(split.X_pool, y50, X_val=X_val, y_val=y_val, **kw)
    without = st.self_train(split.X_pool, y50, **kw)
    assert without.val_accuracy is None
    np.testing.assert_array_equal(with_val.labels, without.labels)
    assert with_val.val_accuracy.shape == with_val.test_accuracy.shape
    assert with_val.val_accuracy[-1] == with_val.model.score(X_val, y_val)
    with pytest.raises(ValueError, match="together"):
        st.self_train(split.X_pool, y50, X_val=X_val)
    with pytest.raises(TypeError, match="DigitsSplit"):
        st.hold_out_validation((split.X_test, split.y_test))
