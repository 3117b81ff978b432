"""Tests of evaluate.examples: the email counts, the imbalanced detector, the sweeps."""

import numpy as np
import pytest
import sklearn.metrics as skm

from helpers.evaluate import examples as ex


def test_email_inbox_reproduces_the_seed_example():
    inbox = ex.email_inbox()
    assert len(inbox.scores) == 1000 and inbox.important.sum() == 100
    flag100, flag10 = ex.flag_top(inbox.scores, 100), ex.flag_top(inbox.scores, 10)
    assert flag100.sum() == 100 and flag10.sum() == 10
    assert skm.precision_score(inbox.important, flag100) == pytest.approx(0.8)
    assert skm.precision_score(inbox.important, flag10) == 1.0
    assert skm.recall_score(inbox.important, flag10) == pytest.approx(0.1)
    with pytest.raises(ValueError, match="at most n_important"):
        ex.email_inbox(n_important=50, hits_in_top_100=80)


def test_cancer_scores_are_imbalanced_probabilities():
    s = ex.cancer_scores(positive_share=0.1)
    assert 0.08 <= s.positive_share <= 0.12
    assert s.proba.min() >= 0 and s.proba.max() <= 1
    assert skm.roc_auc_score(s.y_true, s.proba) > 0.9


def test_metrics_by_threshold_match_sklearn():
    s = ex.cancer_scores()
    table = ex.metrics_by_threshold(s.y_true, s.proba, thresholds=np.array([0.2, 0.5]))
    for _, row in table.iterrows():
        pred = s.proba >= row.threshold
        assert row.precision == pytest.approx(
            skm.precision_score(s.y_true, pred, zero_division=0)
        )
        assert row.recall == pytest.approx(skm.recall_score(s.y_true, pred))
        assert row.accuracy == pytest.approx(skm.accuracy_score(s.y_true, pred))
        assert row.tp + row.fp + row.fn + row.tn == len(s.y_true)
    assert table.recall.iloc[0] >= table.recall.iloc[1]  # lower threshold, more recall


def test_outlier_sweep_by_hand():
    y, pred = np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 2.0])  # errors 0, 0, 1
    sweep = ex.outlier_sweep(y, pred, sizes=np.array([0.0, 3.0]))
    # size 3: errors 3, 0, 1 -> MSE 10/3, MAE 4/3
    assert sweep.mse.tolist() == pytest.approx([1 / 3, 10 / 3])
    assert sweep.mae.tolist() == pytest.approx([1 / 3, 4 / 3])
    assert sweep.rmse.tolist() == pytest.approx(np.sqrt([1 / 3, 10 / 3]))


def test_diabetes_predictions_shape():
    run = ex.diabetes_predictions()
    assert len(run.y_true) == len(run.y_pred) == 133
    assert skm.r2_score(run.y_true, run.y_pred) > 0.3
