"""helpers.train.trainer: fit lowers the loss, early stopping stops and restores,
a diverging run is stopped with a clear error, seeded runs repeat, and the
probabilities and accuracy agree with a direct torch computation."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from helpers.train import trainer as T
from helpers.train.models import build_model


def blobs(n=120, seed=0, noise=1.0):
    """Three Gaussian blobs in 2-D: an easy toy problem."""
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 3.0], [3.0, -2.0], [-3.0, -2.0]])
    y = rng.integers(0, 3, n)
    return centres[y] + noise * rng.normal(size=(n, 2)), y


@pytest.fixture(scope="module")
def data():
    X, y = blobs(160)
    return X[:120], y[:120], X[120:], y[120:]


def test_fit_lowers_the_loss_on_a_toy_problem(data):
    Xt, yt, Xv, yv = data
    model = build_model("mlp", n_features=2, n_classes=3, width=16)
    with torch.no_grad():
        logits = model(torch.as_tensor(Xt).float())  # (120, 3)
        loss_before = float(T.batch_loss(logits, torch.as_tensor(yt), "cross_entropy"))
    h = T.fit(
        model, Xt, yt, Xv, yv, config=T.TrainConfig(epochs=20, lr=0.01), progress=False
    )
    assert h.epochs == 20 and len(h.val_acc) == 20
    assert h.train_loss[-1] < 0.5 * loss_before
    assert h.val_loss[-1] < h.val_loss[0]
    assert T.accuracy(model, Xv, yv) > 0.9
    assert h.val_acc[-1] == pytest.approx(T.accuracy(model, Xv, yv))
    assert not h.stopped_early and h.seconds > 0
    assert h.best_epoch == int(np.argmin(h.val_loss))
    assert not model.training  # left in evaluation mode


@pytest.mark.parametrize("optimizer", T.OPTIMIZERS)
def test_every_optimizer_learns(data, optimizer):
    Xt, yt, Xv, yv = data
    model = build_model("linear", n_features=2, n_classes=3)
    lr = 0.01 if optimizer == "adam" else 0.05
    config = T.TrainConfig(epochs=10, lr=lr, optimizer=optimizer)
    h = T.fit(model, Xt, yt, Xv, yv, config=config, progress=False)
    assert h.val_loss[-1] < h.val_loss[0]


def test_the_optimizers_are_the_torch_ones_with_the_documented_settings():
    model = build_model("linear", n_features=2, n_classes=3)
    sgd = T._optimizer(model, T.TrainConfig(optimizer="sgd", lr=0.1))
    mom = T._optimizer(model, T.TrainConfig(optimizer="momentum", weight_decay=0.01))
    adam = T._optimizer(model, T.TrainConfig())
    assert isinstance(sgd, torch.optim.SGD) and sgd.defaults["momentum"] == 0
    assert mom.defaults["momentum"] == 0.9 and mom.defaults["weight_decay"] == 0.01
    assert isinstance(adam, torch.optim.Adam) and adam.defaults["lr"] == 1e-3


def test_one_full_batch_step_is_plain_gradient_descent(data):
    """One epoch of SGD with the whole set as the batch = w - lr * grad, by hand."""
    Xt, yt, Xv, yv = data
    model = build_model("linear", n_features=2, n_classes=3)
    ref = build_model("linear", n_features=2, n_classes=3)
    value = T.batch_loss(
        ref(torch.as_tensor(Xt).float()), torch.as_tensor(yt), "cross_entropy"
    )
    value.backward()
    config = T.TrainConfig(epochs=1, lr=0.5, optimizer="sgd", batch_size=len(Xt))
    T.fit(model, Xt, yt, Xv, yv, config=config, progress=False)
    for p, r in zip(model.parameters(), ref.parameters(), strict=True):
        assert torch.allclose(p, r - 0.5 * r.grad, atol=1e-6)


def test_early_stopping_stops_and_restores_the_best_weights():
    # 12 noisy training points, a wide network and a large step: it overfits fast
    X, y = blobs(212, seed=1, noise=2.5)
    Xt, yt, Xv, yv = X[:12], y[:12], X[12:], y[12:]
    model = build_model("mlp", n_features=2, n_classes=3, width=128, depth=2)
    config = T.TrainConfig(epochs=300, lr=0.01, patience=5, batch_size=4)
    h = T.fit(model, Xt, yt, Xv, yv, config=config, progress=False)
    assert h.stopped_early and h.epochs < 300
    assert h.epochs == h.best_epoch + 1 + 5  # patience epochs without improvement
    assert h.val_loss[-1] > h.val_loss[h.best_epoch]  # the curve turned up
    restored = T.batch_loss(
        model(torch.as_tensor(Xv).float()), torch.as_tensor(yv), "cross_entropy"
    )
    assert float(restored) == pytest.approx(h.val_loss[h.best_epoch], rel=1e-5)


def test_a_diverging_loss_names_the_step_and_suggests_a_smaller_rate(data):
    Xt, yt, Xv, yv = data
    model = build_model("linear", n_features=2, n_classes=3)
    # inputs of 1e30 and a step of 100: the weights overflow float32 on step 2
    config = T.TrainConfig(epochs=5, lr=100, optimizer="sgd")
    with pytest.raises(ValueError, match=r"epoch 1, step 2: .*smaller one"):
        T.fit(model, Xt * 1e30, yt, Xv, yv, config=config, progress=False)


def test_the_same_seed_repeats_the_run_and_another_seed_differs(data):
    Xt, yt, Xv, yv = data

    def run(seed):
        model = build_model("mlp", n_features=2, n_classes=3, width=16, dropout=0.3)
        config = T.TrainConfig(epochs=3, seed=seed, batch_size=16)
        return T.fit(model, Xt, yt, Xv, yv, config=config, progress=False)

    a, b, c = run(0), run(0), run(1)
    assert a.train_loss == b.train_loss and a.val_loss == b.val_loss
    assert a.train_loss != c.train_loss


def test_mse_loss_is_the_brier_score_by_hand():
    logits = torch.tensor([[2.0, 0.0, -1.0], [0.0, 0.0, 0.0]])
    y = torch.tensor([0, 2])
    p = torch.softmax(logits, 1).numpy()
    onehot = np.eye(3)[[0, 2]]
    expected = ((p - onehot) ** 2).sum(1).mean()
    assert float(T.batch_loss(logits, y, "mse")) == pytest.approx(expected, rel=1e-6)
    ce = -np.log(p[[0, 1], [0, 2]]).mean()
    assert float(T.batch_loss(logits, y, "cross_entropy")) == pytest.approx(
        ce, rel=1e-6
    )


def test_fit_trains_with_the_mse_loss(data):
    Xt, yt, Xv, yv = data
    model = build_model("linear", n_features=2, n_classes=3)
    config = T.TrainConfig(epochs=10, lr=0.05)
    h = T.fit(model, Xt, yt, Xv, yv, config=config, loss="mse", progress=False)
    assert h.val_loss[-1] < h.val_loss[0] and h.val_loss[0] <= 2.0


def test_predict_proba_rows_sum_to_one_and_match_softmax(data):
    Xt, yt, _, _ = data
    model = build_model("mlp", n_features=2, n_classes=3, width=8)
    p = T.predict_proba(model, Xt, batch_size=7)  # several batches
    assert p.shape == (120, 3)
    assert np.allclose(p.sum(axis=1), 1.0)
    with torch.no_grad():
        ref = torch.softmax(model(torch.as_tensor(Xt).float()), 1).numpy()
    assert np.allclose(p, ref, atol=1e-6)
    acc = T.accuracy(model, Xt, yt)
    assert acc == pytest.approx(np.mean(ref.argmax(1) == yt))


def test_fit_refuses_inputs_that_do_not_fit_the_model(data):
    Xt, yt, Xv, yv = data
    model = build_model("linear", n_features=2, n_classes=3)
    with pytest.raises(ValueError, match="labels in 0..2"):
        T.fit(model, Xt, yt + 1, Xv, yv, progress=False)
    with pytest.raises(ValueError, match="columns"):
        T.fit(model, Xt, yt, Xv[:, :1], yv, progress=False)
    with pytest.raises(ValueError, match="cannot read rows"):
        T.fit(model, np.c_[Xt, Xt], yt, np.c_[Xv, Xv], yv, progress=False)
    with pytest.raises(ValueError, match="unknown optimizer"):
        T.TrainConfig(optimizer="rmsprop")
