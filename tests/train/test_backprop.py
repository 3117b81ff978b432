"""helpers.train.backprop: the hand-written gradients against torch.autograd and
against finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.train import backprop as B


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_hand_gradients_match_autograd_to_1e_6(seed):
    rng = np.random.default_rng(seed)
    params = B.init_two_layer(7, 5, 4, seed=seed)
    params["b1"] = rng.normal(size=5)  # non-zero biases too
    X = rng.normal(size=(13, 7))
    y = rng.integers(0, 4, 13)
    loss, grads = B.forward_backward(params, X, y)
    ref_loss, ref_grads = B.autograd_gradients(params, X, y)
    assert loss == pytest.approx(ref_loss, abs=1e-12)
    assert B.max_gradient_gap(grads, ref_grads) < 1e-6
    for name in B.PARAMS:
        assert grads[name].shape == params[name].shape


def test_hand_gradient_matches_a_finite_difference():
    rng = np.random.default_rng(5)
    params = B.init_two_layer(3, 4, 3, seed=5)
    X, y = rng.normal(size=(6, 3)), np.array([0, 1, 2, 0, 1, 2])
    _, grads = B.forward_backward(params, X, y)
    eps = 1e-6
    for name, idx in (("W1", (1, 2)), ("b2", (0,)), ("W2", (3, 1))):
        up = {k: v.copy() for k, v in params.items()}
        down = {k: v.copy() for k, v in params.items()}
        up[name][idx] += eps
        down[name][idx] -= eps
        numeric = B.forward_backward(up, X, y)[0] - B.forward_backward(down, X, y)[0]
        assert grads[name][idx] == pytest.approx(numeric / (2 * eps), abs=1e-7)


def test_uniform_output_gives_log_k_loss():
    params = B.init_two_layer(2, 3, 4, seed=0)
    params["W2"][:] = 0.0  # every logit 0: the softmax is uniform
    loss, grads = B.forward_backward(params, np.ones((5, 2)), np.zeros(5, int))
    assert loss == pytest.approx(np.log(4))
    assert np.allclose(grads["b2"], [0.25 - 1, 0.25, 0.25, 0.25])


def test_mismatched_shapes_are_refused():
    params = B.init_two_layer(3, 4, 2)
    with pytest.raises(ValueError, match="3 columns"):
        B.forward_backward(params, np.ones((2, 5)), np.array([0, 1]))
    with pytest.raises(ValueError, match="labels in 0..1"):
        B.forward_backward(params, np.ones((2, 3)), np.array([0, 2]))
    with pytest.raises(TypeError, match="keys"):
        B.forward_backward({"W1": params["W1"]}, np.ones((2, 3)), np.array([0, 1]))
