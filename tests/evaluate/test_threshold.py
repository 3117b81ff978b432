import numpy as np
import pytest
from sklearn.metrics import confusion_matrix, precision_score, recall_score

from helpers.evaluate import threshold as evaluation


@pytest.fixture(scope="module")
def scores():
    return evaluation.digit_detector_scores()


@pytest.mark.parametrize("threshold", [0.05, 0.3, 0.5, 0.8])
def test_threshold_metrics_match_scikit_learn(scores, threshold):
    s, y = scores.detector(8)
    result = evaluation.threshold_metrics(s, y, threshold=threshold)
    pred = s >= threshold
    assert result.precision == pytest.approx(precision_score(y, pred))
    assert result.recall == pytest.approx(recall_score(y, pred))
    tn, fp, fn, tp = confusion_matrix(y, pred).ravel()
    assert (result.tp, result.fp, result.fn, result.tn) == (tp, fp, fn, tn)


def test_hand_worked_case():
    r = evaluation.threshold_metrics([0.9, 0.6, 0.4, 0.2], [1, 0, 1, 0], threshold=0.5)
    assert (r.tp, r.fp, r.fn, r.tn) == (1, 1, 1, 1)
    assert r.precision == 0.5 and r.recall == 0.5 and r.f1 == 0.5
    assert "precision <b>0.500</b>" in r.to_html()


def test_nothing_predicted_gives_undefined_precision():
    r = evaluation.threshold_metrics([0.1, 0.2], [1, 0], threshold=0.9)
    assert np.isnan(r.precision) and r.recall == 0.0 and np.isnan(r.f1)
    assert "undefined" in r.to_html()


@pytest.mark.parametrize("threshold", [-0.1, 1.5])
def test_threshold_out_of_range(threshold):
    with pytest.raises(ValueError, match=r"threshold must be in \[0, 1\], got"):
        evaluation.threshold_metrics([0.5], [1], threshold=threshold)


def test_bad_labels_and_shapes():
    with pytest.raises(ValueError, match="binary labels"):
        evaluation.threshold_metrics([0.5, 0.5], [1, 2], threshold=0.5)
    with pytest.raises(ValueError, match="same length"):
        evaluation.threshold_metrics([0.5, 0.5], [1], threshold=0.5)
    with pytest.raises(ValueError, match="at least 1 rows"):
        evaluation.threshold_metrics([], [], threshold=0.5)


def test_detector_scores_are_probabilities(scores):
    assert scores.proba.shape == (540, 10)
    np.testing.assert_allclose(scores.proba.sum(axis=1), 1.0)
    s, y = scores.detector(3)
    assert y.sum() == np.sum(scores.y_test == 3)
    with pytest.raises(ValueError, match=r"digit must be in 0..9"):
        scores.detector(10)
