"""Tests of represent.solutions_09: lesson 09's expected answers, another way."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from helpers.core.data import load_digits_split
from helpers.represent import solutions_09 as sol
from helpers.represent.contrastive import info_nce, uniformity
from helpers.represent.image_pretext import ImagePretextConfig, train_image_pretext
from helpers.represent.probe import linear_probe


def test_info_nce_by_hand_agrees_with_the_helper_and_the_closed_form():
    z1 = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    helper = info_nce(z1, z1.flip(0), temperature=1.0).item()
    assert sol.info_nce_two_images() == pytest.approx(helper, abs=1e-6)
    assert sol.info_nce_two_images() == pytest.approx(np.log(2 + np.e))
    helper_cold = info_nce(z1, z1.flip(0), temperature=0.5).item()
    assert sol.info_nce_two_images(temperature=0.5) == pytest.approx(helper_cold, 1e-6)


def test_square_uniformity_agrees_with_the_helper_and_the_closed_form():
    square = torch.tensor([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])
    assert sol.square_uniformity() == pytest.approx(uniformity(square, t=2.0), 1e-6)
    by_hand = np.log((4 * np.exp(-4) + 2 * np.exp(-8)) / 6)
    assert sol.square_uniformity() == pytest.approx(by_hand)


def test_far_negative_gets_no_gradient_but_a_near_one_is_pushed():
    assert sol.far_negative_letter(margin=1.0, distance=1.5) == "a"
    # a negative inside the margin is pushed apart; checked with the same recipe
    z = torch.tensor([[1.0, 0.0], [0.8, 0.6]], requires_grad=True)
    from helpers.represent.image_pretext import pairwise_contrastive

    pairwise_contrastive(z, z.detach().clone(), margin=1.0).backward()
    step = z.detach() - 0.01 * z.grad
    assert (step[0] - step[1]).norm() > (z[0] - z[1]).detach().norm()
    with pytest.raises(ValueError, match="must exceed the margin"):
        sol.far_negative_letter(margin=1.0, distance=0.5)


def test_rotation_probe_matches_training_and_probing_directly(tmp_path, monkeypatch):
    from helpers.core import config

    monkeypatch.setattr(config, "CACHE_DIR", tmp_path)
    split = load_digits_split()
    got = sol.rotation_probe(split, n_rotations=2, epochs=1, per_class=2, seeds=[0, 1])
    run = train_image_pretext(
        split.images_pool, ImagePretextConfig(task="rotation", epochs=1, n_rotations=2)
    )
    pool, test = run.features(split.images_pool), run.features(split.images_test)
    y_pool, y_test = split.y_pool, split.y_test
    acc = linear_probe(pool, y_pool, test, y_test, per_class=2, seeds=[0, 1])
    assert got == pytest.approx(float(np.median(acc)))
    with pytest.raises(ValueError, match="n_rotations must be one of"):
        sol.rotation_probe(split, n_rotations=3, epochs=1)
