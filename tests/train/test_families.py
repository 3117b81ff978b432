"""helpers.train.families: the data parts, one row of the table, the choice on
validation and the rebuilt model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.train import families as F
from helpers.train.trainer import predict_proba


def test_digits_parts_cut_the_pool_stratified_and_keep_the_test_set():
    parts = F.digits_parts()
    assert len(parts.y_train) == 1000 and len(parts.y_val) == 257
    assert len(parts.y_test) == 540
    counts = np.bincount(parts.y_val, minlength=10)
    assert counts.min() >= 24 and counts.max() <= 27  # stratified: ~25.7 per digit
    assert F.digits_parts(n_train=30).X_train.shape == (30, 64)


def test_ticket_parts_as_tfidf_and_as_tokens():
    tfidf = F.ticket_parts("tfidf", n_train=100)
    tokens = F.ticket_parts("tokens", n_train=100)
    assert tfidf.X_train.shape[0] == 100 and len(tfidf.y_val) == F.TICKETS_VAL
    assert np.allclose(np.linalg.norm(tfidf.X_train, axis=1), 1.0)  # TF-IDF rows
    assert tokens.X_train.shape == (100, F.TICKET_LEN)
    assert np.all(tokens.X_train == np.round(tokens.X_train)) and tokens.n_classes == 4
    assert np.array_equal(tfidf.y_val, tokens.y_val)  # the same validation tickets


def test_run_spec_gives_a_row_and_weights():
    parts = F.digits_parts(n_train=100)
    spec = F.FamilySpec("MLP", "mlp", "pixels", width=16, epochs=2)
    out = F.run_spec(spec, parts)
    row = out["row"]
    assert row["parameters"] == 64 * 16 + 16 + 16 * 10 + 10
    assert 0.1 < row["val accuracy"] <= 1 and row["train s"] > 0
    forest = F.run_spec(F.FamilySpec("forest", "forest", "pixels", width=5), parts)
    assert forest["state"] is None and forest["row"]["parameters"] > 5


def test_best_on_validation_and_rebuild():
    parts = F.digits_parts(n_train=100)
    out = F.run_spec(F.FamilySpec("linear", "linear", "pixels", epochs=2), parts)
    table = pd.DataFrame(
        [
            {"dataset": "digits", **out["row"]},
            {"dataset": "digits", **out["row"], "model": "CNN", "val accuracy": 0.0},
        ]
    )
    results = F.FamilyResults(table, {"linear": out["state"]})
    assert results.best_on_validation("digits") == "linear"
    model = F.rebuild_digit_model(results, "linear")
    p = predict_proba(model, parts.X_val)
    assert np.isclose(np.mean(p.argmax(1) == parts.y_val), out["row"]["val accuracy"])
    with pytest.raises(ValueError, match="unknown name"):
        F.rebuild_digit_model(results, "CNN")
