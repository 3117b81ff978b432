"""Forward and backward propagation of a two-layer network, written out in NumPy.

The network: a hidden layer with ReLU, a linear output layer and the softmax
cross-entropy loss averaged over the batch,

    a = X W1 + b1,  h = max(a, 0),  z = h W2 + b2,  L = mean_i -log softmax(z_i)[y_i].

:func:`forward_backward` computes ``L`` and every gradient by the chain rule, by
hand; :func:`autograd_gradients` lets ``torch.autograd`` do the same in float64, so
the two can be compared (they agree to about 1e-15).

>>> params = init_two_layer(4, 5, 3, seed=0)
>>> X = np.ones((2, 4)); y = np.array([0, 2])
>>> loss, grads = forward_backward(params, X, y)
>>> sorted(grads) == sorted(params), grads["W1"].shape
(True, (4, 5))
"""

from __future__ import annotations

import numpy as np

from helpers.core.validation import check_array, check_int, check_labels

PARAMS = ("W1", "b1", "W2", "b2")
MAX_UNITS = 100_000


def init_two_layer(
    n_in: int, n_hidden: int, n_out: int, *, seed: int = 0
) -> dict[str, np.ndarray]:
    """Small random weights (scaled by 1/sqrt(fan-in)) and zero biases, float64."""
    n_in = check_int("n_in", n_in, low=1, high=MAX_UNITS)
    n_hidden = check_int("n_hidden", n_hidden, low=1, high=MAX_UNITS)
    n_out = check_int("n_out", n_out, low=2, high=MAX_UNITS)
    if n_in * n_hidden + n_hidden * n_out > 10**8:
        raise ValueError("n_in * n_hidden + n_hidden * n_out must be at most 1e8")
    rng = np.random.default_rng(check_int("seed", seed, low=0))
    return {
        "W1": rng.normal(size=(n_in, n_hidden)) / np.sqrt(n_in),  # (in, hidden)
        "b1": np.zeros(n_hidden),  # (hidden,)
        "W2": rng.normal(size=(n_hidden, n_out)) / np.sqrt(n_hidden),  # (hidden, out)
        "b2": np.zeros(n_out),  # (out,)
    }


def _check(params: dict, X: object, y: object) -> tuple:
    if not isinstance(params, dict) or set(params) != set(PARAMS):
        raise TypeError(f"params must be a dict with the keys {list(PARAMS)}")
    p = {k: check_array(k, params[k], ndim=2 if k[0] == "W" else 1) for k in PARAMS}
    n_in, n_hidden = p["W1"].shape
    n_out = p["W2"].shape[1]
    if p["b1"].shape != (n_hidden,) or p["W2"].shape[0] != n_hidden:
        raise ValueError("b1 and W2 must match W1's hidden size")
    if p["b2"].shape != (n_out,):
        raise ValueError("b2 must match W2's output size")
    X = check_array("X", X, ndim=2)
    if X.shape[1] != n_in:
        raise ValueError(f"X must have {n_in} columns (W1's rows), got {X.shape[1]}")
    y = check_labels("y", y, n_classes=n_out)
    if len(y) != len(X):
        raise ValueError(
            f"X and y must have the same length, got {len(X)} and {len(y)}"
        )
    return p, X, y


def forward_backward(
    params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray
) -> tuple[float, dict[str, np.ndarray]]:
    """The mean cross-entropy loss and its gradient for every parameter, by hand."""
    p, X, y = _check(params, X, y)
    n = len(X)
    # forward
    a = X @ p["W1"] + p["b1"]  # (n, hidden)
    h = np.maximum(a, 0.0)  # (n, hidden)
    z = h @ p["W2"] + p["b2"]  # (n, out)
    z = z - z.max(axis=1, keepdims=True)  # same softmax, no overflow
    probs = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)  # (n, out)
    loss = float(-np.log(probs[np.arange(n), y]).mean())
    # backward: dL/dz of softmax + cross-entropy is (probs - onehot) / n
    dz = probs.copy()  # (n, out)
    dz[np.arange(n), y] -= 1.0
    dz /= n
    grads = {"W2": h.T @ dz, "b2": dz.sum(axis=0)}  # (hidden, out), (out,)
    dh = dz @ p["W2"].T  # (n, hidden)
    da = dh * (a > 0)  # (n, hidden): ReLU passes the gradient where it was active
    grads["W1"] = X.T @ da  # (in, hidden)
    grads["b1"] = da.sum(axis=0)  # (hidden,)
    return loss, {k: grads[k] for k in PARAMS}


def autograd_gradients(
    params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray
) -> tuple[float, dict[str, np.ndarray]]:
    """The same loss and gradients from ``torch.autograd`` (float64), the reference."""
    import torch

    p, X, y = _check(params, X, y)
    t = {
        k: torch.tensor(v, dtype=torch.float64, requires_grad=True)
        for k, v in p.items()
    }
    h = torch.relu(torch.as_tensor(X) @ t["W1"] + t["b1"])  # (n, hidden)
    z = h @ t["W2"] + t["b2"]  # (n, out)
    loss = torch.nn.functional.cross_entropy(z, torch.as_tensor(y))
    loss.backward()
    return float(loss.detach()), {k: t[k].grad.numpy() for k in PARAMS}


def max_gradient_gap(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> float:
    """The largest absolute difference between two sets of gradients."""
    if not isinstance(a, dict) or not isinstance(b, dict) or set(a) != set(b) or not a:
        raise TypeError("a and b must be dicts of arrays with the same keys")
    return max(
        float(np.max(np.abs(check_array(k, a[k]) - check_array(k, b[k])))) for k in a
    )
