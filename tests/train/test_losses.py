"""helpers.train.losses: the two losses against torch and their slopes against
finite differences; the outlier experiment's direction."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from helpers.train import losses as L
from helpers.train.trainer import batch_loss


def test_losses_by_margin_match_the_trainer_losses():
    margins = np.array([-6.0, -1.0, 0.0, 0.5, 3.0])
    table = L.loss_by_margin(margins)
    logits = torch.tensor(np.c_[margins, np.zeros(5)], dtype=torch.float64)
    y = torch.zeros(5, dtype=torch.long)  # class 0 is the true one: z_0 - z_1 = m
    for i in range(5):
        ce = batch_loss(logits[i : i + 1], y[i : i + 1], "cross_entropy")
        mse = batch_loss(logits[i : i + 1], y[i : i + 1], "mse")
        assert table["cross-entropy"][i] == pytest.approx(float(ce), rel=1e-9)
        assert table["squared error"][i] == pytest.approx(float(mse), rel=1e-9)


def test_slopes_are_the_derivatives():
    m = np.linspace(-5, 5, 11)
    h = 1e-6
    up, down, mid = (
        L.loss_by_margin(m + h),
        L.loss_by_margin(m - h),
        L.loss_by_margin(m),
    )
    for name in ("cross-entropy", "squared error"):
        numeric = (up[name] - down[name]) / (2 * h)
        assert np.allclose(mid[f"{name} slope"], numeric, atol=1e-6)


def test_cross_entropy_is_unbounded_and_squared_error_saturates():
    table = L.loss_by_margin(np.array([-20.0, -10.0]))
    assert table["cross-entropy"].iloc[0] == pytest.approx(20.0, abs=1e-6)
    assert table["squared error"].max() < 2.0
    assert table["squared error"].iloc[0] == pytest.approx(2.0, abs=1e-6)


def test_outlier_data_layout():
    data = L.outlier_data(n=20, n_outliers=3, distance=9.0, seed=1)
    assert data["X"].shape == (23, 2) and data["is_outlier"].sum() == 3
    assert np.all(data["X"][data["is_outlier"], 0] == -9.0)
    assert np.all(data["y"][data["is_outlier"]] == 1)
    assert np.bincount(data["y_test"]).tolist() == [10, 10]


def test_far_outliers_drag_cross_entropy_more_than_squared_error():
    table = L.outlier_experiment(epochs=15).set_index(["loss", "outliers"])
    acc = table["test accuracy"]
    assert acc["cross-entropy", 0] > 0.9 and acc["MSE", 0] > 0.9
    drop_ce = acc["cross-entropy", 0] - acc["cross-entropy", 20]
    drop_mse = acc["MSE", 0] - acc["MSE", 20]
    assert drop_ce > drop_mse + 0.1
    shift = table["boundary x"]
    assert abs(shift["cross-entropy", 20]) > abs(shift["MSE", 20])
