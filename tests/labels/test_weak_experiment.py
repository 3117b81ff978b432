"""Tests of labels.weak_experiment: the end model, the experiment and the widget."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from widget_checks import set_and_check_redraw

from helpers.labels import weak_experiment
from helpers.labels.weak_experiment import fit_end_model

# -------------------------------------------------------------------- end model


def _toy(seed=0, n=300, d=6, k=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = (X @ rng.normal(size=(d, k)) + rng.gumbel(size=(n, k))).argmax(axis=1)
    return X, y


def test_end_model_on_hard_labels_is_sklearns_logistic_regression():
    X, y = _toy()
    ours = fit_end_model(X, np.eye(3)[y], C=0.5, tol=1e-9)
    ref = LogisticRegression(C=0.5, tol=1e-10, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-4)
    assert ours.score(X, y) == pytest.approx(ref.score(X, y))


def test_end_model_on_soft_labels_is_weighted_logistic_regression():
    X, y = _toy(seed=1)
    rng = np.random.default_rng(2)
    soft = rng.dirichlet(np.ones(3), size=len(X)) * 0.5 + np.eye(3)[y] * 0.5
    ours = fit_end_model(X, soft, C=1.0, tol=1e-9)
    rows = np.repeat(np.arange(len(X)), 3)
    classes = np.tile(np.arange(3), len(X))
    ref = LogisticRegression(C=1.0, tol=1e-10, max_iter=10_000).fit(
        X[rows], classes, sample_weight=soft[rows, classes]
    )
    np.testing.assert_allclose(ours.coef_, ref.coef_.T, atol=1e-3)


def test_end_model_bad_input():
    X, y = _toy()
    with pytest.raises(ValueError, match="probability distribution"):
        fit_end_model(X, np.eye(3)[y] * 2)
    with pytest.raises(ValueError, match="shape"):
        fit_end_model(X, np.eye(3)[y][:10])
    with pytest.raises(ValueError, match="C must be positive"):
        fit_end_model(X, np.eye(3)[y], C=0)


# ------------------------------------------------------------------------ widget


@pytest.fixture(scope="module")
def widget():
    return weak_experiment.build_lf_widget()


def test_widget_starts_with_every_function_on(widget):
    assert all(c.value for c in widget.controls.values())
    assert widget.error is None and "coverage" in widget.summary.value
    assert len(widget.controls) == len(widget.experiment.names) == 10


def test_switching_a_function_off_changes_coverage_and_picture(widget):
    exp = widget.experiment
    everything = exp.run(exp.names)
    state = set_and_check_redraw(widget, "clf_dev", False)
    without = exp.run([n for n in exp.names if n != "clf_dev"])
    assert without.coverage < everything.coverage
    assert f"{without.coverage:.1%}" in state["summary"]
    set_and_check_redraw(widget, "clf_dev", True)
    assert f"{everything.coverage:.1%}" in widget.summary.value


def test_sloppy_rule_hurts_majority_vote_more_than_the_label_model(widget):
    exp = widget.experiment
    base = [n for n in exp.names if n != "kw_email"]
    before, after = exp.run(base), exp.run([*base, "kw_email"])
    assert after.mv_accuracy - before.mv_accuracy < after.lm_accuracy - (
        before.lm_accuracy
    )


def test_all_functions_off_is_reported_not_drawn(widget):
    for control in widget.controls.values():
        control.value = False
    assert "at least one" in widget.error
    for control in widget.controls.values():
        control.value = True
    assert widget.error is None


def test_run_validates_and_remembers(widget):
    exp = widget.experiment
    with pytest.raises(ValueError, match="unknown labeling functions"):
        exp.run(["kw_nope"])
    first = exp.run(["kw_refund", "kw_crash"])
    assert exp.run(["kw_crash", "kw_refund"]) is first
    assert first.coverage < exp.run(exp.names).coverage
