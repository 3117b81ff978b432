"""helpers.train.models: every family's forward shape, parameter counts by hand,
seeded initialisation, and the checks on its arguments."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from helpers.train import models as M


@pytest.mark.parametrize("family", M.FAMILIES)
def test_each_family_maps_a_batch_to_class_scores(family):
    n_features = 50 if family in M.SEQUENCE_FAMILIES else 64
    model = M.build_model(family, n_features=n_features, n_classes=7, width=8)
    if family in M.SEQUENCE_FAMILIES:
        x = torch.randint(0, 50, (5, 12)).float()  # (batch, seq) token ids
        x[:, 9:] = 0  # trailing padding
    else:
        x = torch.rand(5, 64)  # (batch, n_features)
    out = model(x)
    assert out.shape == (5, 7)
    assert torch.isfinite(out).all()


def test_parameter_counts_match_a_count_by_hand():
    assert M.count_parameters(M.build_model("linear")) == 64 * 10 + 10
    mlp = M.build_model("mlp", width=32, depth=2)
    assert M.count_parameters(mlp) == (64 * 32 + 32) + (32 * 32 + 32) + (32 * 10 + 10)
    # cnn: conv 1->8 (3x3) + batch norm (2x8) + linear from 8 channels x 4 x 4
    cnn = M.build_model("cnn", width=8, depth=1)
    assert M.count_parameters(cnn) == (9 * 8 + 8) + 16 + (8 * 16 * 10 + 10)
    gru = M.build_model("gru", n_features=100, width=8, n_classes=3)
    assert M.count_parameters(gru) == 100 * 8 + 3 * (8 * 8 * 2 + 8 * 2) + 8 * 3 + 3


def test_the_same_seed_builds_the_same_weights_and_leaves_torch_alone():
    torch.manual_seed(123)
    before = torch.rand(1)
    torch.manual_seed(123)
    a = M.build_model("mlp", seed=3)
    b = M.build_model("mlp", seed=3)
    c = M.build_model("mlp", seed=4)
    assert torch.rand(1) == before  # the global generator was not advanced
    for pa, pb in zip(a.parameters(), b.parameters(), strict=True):
        assert torch.equal(pa, pb)
    assert not torch.equal(next(a.parameters()), next(c.parameters()))


def test_padding_does_not_change_a_sequence_prediction():
    for family in ("gru", "lstm", "transformer"):
        model = M.build_model(family, n_features=20, width=8).eval()
        short = torch.tensor([[3.0, 5.0, 7.0]])  # (1, 3)
        padded = torch.tensor([[3.0, 5.0, 7.0, 0.0, 0.0]])  # (1, 5)
        # attention masks padding out; the pooling averages only real tokens
        assert torch.allclose(model(short), model(padded), atol=1e-5)


def test_sinusoidal_positions_follow_the_formula():
    codes = M.sinusoidal_positions(6, 4).numpy()
    pos = np.arange(6)[:, None]
    freq = 10_000.0 ** (-np.arange(0, 4, 2) / 4)
    assert np.allclose(codes[:, 0::2], np.sin(pos * freq), atol=1e-6)
    assert np.allclose(codes[:, 1::2], np.cos(pos * freq), atol=1e-6)


def test_bad_arguments_are_refused_with_the_reason():
    with pytest.raises(ValueError, match="square"):
        M.build_model("cnn", n_features=50)
    with pytest.raises(ValueError, match="depth"):
        M.build_model("cnn", depth=4)
    with pytest.raises(ValueError, match="unknown family"):
        M.build_model("resnet")
    with pytest.raises(ValueError, match="token ids"):
        M.build_model("gru", n_features=10)(torch.tensor([[11.0]]))
