"""Tests of labels.active_text: the ticket pool's features and the text curves."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from helpers.core.data import labelled_subset
from helpers.labels import active_loop as L
from helpers.labels import active_text as T
from helpers.labels.tickets import make_tickets

TINY = T.TextConfig(
    strategies=("random", "margin"),
    seeds=(0,),
    n_pool=200,
    start_per_class=1,
    batch_size=5,
    budget=24,
)


@pytest.fixture(scope="module")
def pool():
    return T.ticket_pool(n_pool=200, n_test=100)


def test_pool_is_tfidf_fitted_on_the_pool_texts_only(pool):
    data = make_tickets(n_train=200, n_test=100, seed=0)
    ref = TfidfVectorizer(sublinear_tf=True, min_df=2).fit(data.train_text)
    np.testing.assert_allclose(
        pool.X_pool, ref.transform(data.train_text).toarray(), atol=1e-6
    )
    np.testing.assert_allclose(
        pool.X_test, ref.transform(data.test_text).toarray(), atol=1e-6
    )
    np.testing.assert_array_equal(pool.y_pool, data.truth("train"))
    assert pool.X_pool.dtype == np.float32 and len(pool.words) == pool.X_pool.shape[1]
    assert np.allclose(np.linalg.norm(pool.X_pool, axis=1)[pool.X_pool.any(1)], 1, 1e-5)


def test_curves_match_the_loop_run_by_hand():
    pool = T.ticket_pool(n_pool=TINY.n_pool)  # the experiment's pool and test set
    curves = T.run_text_curves(TINY)
    assert set(curves.accuracy) == {"random", "margin"}
    np.testing.assert_array_equal(curves.n_labels, [4, 9, 14, 19, 24])
    start = labelled_subset(pool.y_pool, per_class=1, seed=0)
    run = L.run_active_learning(
        pool.X_pool,
        pool.y_pool,
        pool.X_test,
        pool.y_test,
        strategy="margin",
        start=start,
        batch_size=5,
        budget=24,
        seed=0,
    )
    np.testing.assert_allclose(curves.accuracy["margin"][0], run.accuracy)


def test_mean_gain_by_hand():
    curves = L.Curves(
        n_labels=np.array([4, 6, 8]),
        accuracy={
            "random": np.array([[0.5, 0.6, 0.7], [0.5, 0.6, 0.7]]),
            "margin": np.array([[0.5, 0.7, 0.9], [0.5, 0.7, 0.9]]),
        },
        seconds={"random": 0.0, "margin": 0.0},
    )
    assert T.mean_gain(curves, "margin") == pytest.approx(15.0)  # (10 + 20) / 2
    with pytest.raises(ValueError, match="not in the curves"):
        T.mean_gain(curves, "hybrid")


def test_cached_curves_are_reused(tmp_cache, capsys):
    first = T.text_curves(TINY)
    second = T.text_curves(TINY)
    out = capsys.readouterr().out
    assert out.count("computed") == 1 and "loaded" in out, out
    np.testing.assert_array_equal(first.accuracy["margin"], second.accuracy["margin"])
