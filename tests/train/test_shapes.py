"""helpers.train.shapes: layer-by-layer shapes, checked against the arithmetic of
convolution and pooling, and parameter totals against count_parameters."""

from __future__ import annotations

import numpy as np

from helpers.train.models import build_model, count_parameters
from helpers.train.shapes import layer_shapes


def test_cnn_shapes_follow_padding_and_pooling():
    model = build_model("cnn", width=8, depth=2)
    table = layer_shapes(model, np.zeros((3, 64)))
    shapes = dict(zip(table["layer"], table["output shape"], strict=True))
    assert shapes["features.0"] == "(3, 8, 8, 8)"  # 3x3 conv, padding 1: same size
    assert shapes["features.3"] == "(3, 8, 4, 4)"  # 2x2 max pool halves each side
    assert shapes["features.7"] == "(3, 8, 2, 2)"
    assert shapes["head.0"] == "(3, 32)"  # 8 channels x 2 x 2
    assert table.attrs["output shape"] == "(3, 10)"
    assert table["parameters"].sum() == count_parameters(model)
    assert model.training  # the model's mode is restored


def test_sequence_models_list_their_recurrent_and_attention_layers():
    gru = layer_shapes(build_model("gru", n_features=30, width=6), np.ones((2, 9)))
    assert gru["type"].tolist() == ["Embedding", "GRU", "Dropout", "Linear"]
    assert gru["output shape"].tolist()[:2] == ["(2, 9, 6)", "(2, 9, 6)"]
    enc = build_model("transformer", n_features=30, width=8, depth=2)
    table = layer_shapes(enc, np.ones((2, 9)))
    assert (table["type"] == "TransformerEncoderLayer").sum() == 2
    assert table["parameters"].sum() == count_parameters(enc)
