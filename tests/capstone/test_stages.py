"""Tests of capstone.stages: each stage against a reference (scikit-learn, scipy,
the API's ground truth, lesson 07's loop run directly, the torch model)."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import torch
from scipy import ndimage
from sklearn.metrics import accuracy_score, f1_score

from helpers.acquire.captcha import render_captchas
from helpers.acquire.site_content import captcha_records
from helpers.capstone import stages as S
from helpers.labels.active_loop import run_active_learning


def test_cell_features_are_pooled_blurred_cells_by_hand():
    images = render_captchas(2, seed=3).images
    X = S.cell_features(images)
    assert X.shape == (8, 154)
    smooth = ndimage.gaussian_filter(images[1], sigma=1.0)
    cell = smooth[:, 2 * 22 : 3 * 22]  # captcha 1, digit 2
    by_hand = [
        cell[2 * r : 2 * r + 2, 2 * c : 2 * c + 2].mean()
        for r in range(14)
        for c in range(11)
    ]
    np.testing.assert_allclose(X[4 + 2], by_hand, atol=1e-6)
    assert 0 <= X.min() and X.max() <= 1


def test_cell_features_refuses_other_images():
    with pytest.raises(ValueError, match="captchas"):
        S.cell_features(np.zeros((2, 28, 80), np.float32))


def test_scores_match_sklearn_and_captcha_accuracy_by_hand():
    y = np.array([1, 2, 3, 4, 5, 6, 7, 8])
    p = np.array([1, 2, 3, 4, 5, 6, 0, 8])
    out = S.scores(y, p)
    assert out["digit accuracy"] == pytest.approx(accuracy_score(y, p))
    assert out["macro F1"] == pytest.approx(f1_score(y, p, average="macro"))
    assert out["captcha accuracy"] == 0.5
    with pytest.raises(ValueError, match="multiple of 4"):
        S.captcha_accuracy(y[:6], p[:6])


def test_config_checks_and_fast_config():
    with pytest.raises(ValueError, match="budget"):
        S.CapstoneConfig(budget=5)
    with pytest.raises(ValueError, match="strategy"):
        S.CapstoneConfig(strategy="random")
    assert S.FAST_CONFIG.n_traffic < S.CapstoneConfig().n_traffic


def test_formulate(config):
    problem = S.formulate(config)
    assert problem.target == config.target
    assert problem.label_budget == config.budget + config.relabel_budget


def test_acquire_keeps_the_valid_records_with_their_true_texts(acquired, config):
    records, malformed, texts = captcha_records(config.n_api, 6, config.seed)
    kept = [t for i, t in enumerate(texts) if i not in malformed]
    assert acquired.n_records == len(kept) and acquired.n_rejected == len(malformed)
    truth = np.array([int(c) for t in kept for c in t])
    np.testing.assert_array_equal(acquired.y_pool, truth)
    assert acquired.X_pool.shape == (4 * len(kept), 154)
    assert len(acquired.y_test) == 4 * config.n_test


def test_label_is_lesson_07s_loop(acquired, labelled, config):
    assert len(labelled.indices) == config.budget
    assert len(set(labelled.indices.tolist())) == config.budget
    assert set(labelled.curves) == {config.strategy, "random"}
    start = labelled.indices[: 10 * config.per_class]
    direct = run_active_learning(
        acquired.X_pool,
        acquired.y_pool,
        acquired.X_val,
        acquired.y_val,
        strategy="random",
        start=np.sort(start),
        batch_size=config.batch_size,
        budget=config.budget,
        seed=config.seed,
    )
    assert labelled.final["random"] == pytest.approx(direct.accuracy[-1])


def test_train_scores_the_torch_model(trained, acquired, config):
    h = config.hidden
    assert trained.n_parameters == 154 * h + h + h * 10 + 10
    pred = S.predict(trained.model, acquired.X_test)
    assert trained.test_scores["digit accuracy"] == pytest.approx(
        accuracy_score(acquired.y_test, pred)
    )
    assert trained.test_scores["digit accuracy"] > 0.3  # far above chance (0.1)


def test_export_matches_torch_and_int8_is_smaller(exported, trained, acquired):
    torch_pred = S.predict(trained.model, acquired.X_test)
    onnx_pred = S.onnx_predict(exported.fp32, acquired.X_test)
    assert np.mean(torch_pred == onnx_pred) >= 0.99
    assert exported.sizes["int8"] < exported.sizes["fp32"] / 2
    int8 = exported.test_scores["int8"]["digit accuracy"]
    assert abs(int8 - exported.test_scores["fp32"]["digit accuracy"]) < 0.1


def test_onnx_copies_are_cached_by_the_weights(tmp_cache, monkeypatch):
    from helpers.core import cache

    # the key also digests every helpers file: pin it, others may edit files meanwhile
    monkeypatch.setattr(cache, "code_digest", lambda compute=None: "pinned")
    model = torch.nn.Sequential(torch.nn.Linear(6, 3)).eval()
    fp32, int8 = S.onnx_copies(model, n_features=6)
    X = np.random.default_rng(0).normal(size=(5, 6)).astype(np.float32)
    with torch.no_grad():
        want = model(torch.from_numpy(X)).argmax(1).numpy()
    assert np.array_equal(S.onnx_predict(fp32, X), want)

    def no_export(*args, **kwargs):
        raise AssertionError("exported again although the weights are the same")

    monkeypatch.setattr(S, "export_onnx", no_export)
    assert S.onnx_copies(copy.deepcopy(model), n_features=6) == (fp32, int8)
    with torch.no_grad():
        model[0].weight[0, 0] += 1.0  # one weight changed: a new key
    with pytest.raises(AssertionError, match="exported again"):
        S.onnx_copies(model, n_features=6)
    with pytest.raises(ValueError, match="n_features"):
        S.onnx_copies(model, n_features=0)


def test_stages_refuse_wrong_results(acquired, config):
    with pytest.raises(TypeError, match="acquired"):
        S.label(None, config)
    with pytest.raises(TypeError, match="config"):
        S.label(acquired, {"budget": 10})
    with pytest.raises(TypeError, match="trained"):
        S.export("model", acquired)
