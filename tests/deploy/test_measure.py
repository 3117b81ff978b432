"""Tests of deploy.measure: sizes, accuracy and agreement against direct counts."""

from __future__ import annotations

import numpy as np

from helpers.deploy.measure import compare_variants

from .deploy_support import gemm_model


def test_rows_hold_sizes_accuracy_and_agreement(tiny_onnx, weights, rows):
    W, b = weights
    y = (rows @ W.T + b).argmax(axis=1)
    flipped = gemm_model(-W, -b)  # predicts the least likely class instead
    table = compare_variants({"ref": tiny_onnx, "flip": flipped}, rows, y, n_calls=5)
    assert list(table.index) == ["ref", "flip"]
    assert table.loc["ref", "size KB"] == len(tiny_onnx) / 1000
    assert table.loc["ref", "accuracy"] == 1.0 and table.loc["ref", "agreement"] == 1.0
    flip_pred = (rows @ -W.T - b).argmax(axis=1)
    assert table.loc["flip", "accuracy"] == np.mean(flip_pred == y)
    assert (table[["median ms", "p95 ms", "items/s"]] > 0).all().all()
    assert (table["p95 ms"] >= table["median ms"]).all()
