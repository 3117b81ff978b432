"""Tests of deploy.digits_models: the trained models, fake quantization against the
NumPy maths, and the bits grid."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from helpers.deploy import digits_models as D
from helpers.deploy.quantize import dequantize, quantize_int8
from helpers.train.trainer import accuracy


@pytest.fixture(scope="module")
def trained():
    return D.train_digits_models()


def test_both_models_are_trained_and_reload_with_their_accuracy(trained):
    X, y = D.digits_test()
    assert set(trained.states) == set(D.SPECS) == {"small", "large"}
    for name in D.SPECS:
        model = D.load_model(trained, name)
        assert not model.training
        assert accuracy(model, X, y) == pytest.approx(trained.test_accuracy[name])
        assert trained.test_accuracy[name] > 0.5  # far above chance, even in fast mode
    sizes = {
        n: sum(p.numel() for p in D.load_model(trained, n).parameters())
        for n in D.SPECS
    }
    assert sizes["small"] == 64 * 10 + 10 and sizes["large"] > 50 * sizes["small"]


def test_quantized_copy_holds_the_numpy_round_trip_and_leaves_the_original():
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(5, 4), torch.nn.ReLU(), torch.nn.Linear(4, 3)
    )
    before = [p.detach().clone() for p in model.parameters()]
    copy = D.quantized_copy(model, bits=4, per_channel=True)
    w = model[0].weight.detach().numpy()
    expected = dequantize(quantize_int8(w, bits=4, per_channel=True))
    np.testing.assert_allclose(copy[0].weight.detach().numpy(), expected, rtol=1e-6)
    np.testing.assert_array_equal(copy[0].bias.detach(), model[0].bias.detach())
    for p, b in zip(model.parameters(), before, strict=True):
        assert torch.equal(p, b), "the original model is untouched"


def test_the_bits_grid_and_fewest_bits():
    grid = D.BitsGrid(
        bits=np.array([2, 4, 8]),
        accuracy_tensor=np.array([0.3, 0.95, 0.97]),
        accuracy_channel=np.array([0.8, 0.965, 0.97]),
        float_accuracy=0.97,
    )
    assert grid.fewest_bits(per_channel=False) == 8
    assert grid.fewest_bits(per_channel=True) == 4
    assert grid.fewest_bits(per_channel=False, max_drop=0.05) == 4
    with pytest.raises(ValueError, match="no bit width"):
        grid.fewest_bits(per_channel=False, max_drop=0.0001 - 0.01)


def test_accuracy_by_bits_is_exact_at_high_precision_on_a_separable_toy():
    X = np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 0.1], [0.1, 2.0]], dtype=np.float32)
    y = np.array([0, 1, 0, 1])
    model = torch.nn.Linear(2, 2, bias=False)
    with torch.no_grad():
        model.weight.copy_(torch.eye(2))
    grid = D.accuracy_by_bits(model, X, y, bits=(2, 8))
    assert grid.bits.tolist() == [2, 8] and grid.float_accuracy == 1.0
    assert grid.accuracy_tensor.tolist() == [1.0, 1.0]


def test_an_unknown_model_name_is_refused(trained):
    with pytest.raises(ValueError, match="unknown model name"):
        D.load_model(trained, "medium")
