"""Tests for synth/augment.py: shapes, ranges, reproducibility, each operation."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from helpers.core.data import load_digits_split
from helpers.synth.augment import OPS, DigitAugmenter, augment, expand


@pytest.fixture(scope="module")
def digits() -> torch.Tensor:
    return torch.tensor(load_digits_split().images_pool[:64], dtype=torch.float32)


@pytest.mark.parametrize("ops", [OPS] + [(op,) for op in OPS])
@pytest.mark.parametrize("strength", [0.5, 1.0, 2.0])
def test_shapes_and_range_are_preserved(digits, ops, strength):
    out = augment(digits, strength=strength, generator=0, ops=ops)
    assert out.shape == digits.shape
    assert out.dtype == digits.dtype
    assert float(out.min()) >= 0.0 and float(out.max()) <= 1.0
    assert not torch.equal(out, digits), f"{ops} at strength {strength} did nothing"


def test_same_seed_same_views_and_generator_advances(digits):
    a = augment(digits, strength=1.0, generator=torch.Generator().manual_seed(3))
    b = augment(digits, strength=1.0, generator=torch.Generator().manual_seed(3))
    torch.testing.assert_close(a, b, rtol=0, atol=0)
    gen = torch.Generator().manual_seed(3)
    first = augment(digits, strength=1.0, generator=gen)
    second = augment(digits, strength=1.0, generator=gen)
    assert not torch.equal(first, second), "a second call must draw new parameters"
    other = augment(digits, strength=1.0, generator=4)
    assert not torch.equal(a, other)


def test_each_image_gets_its_own_parameters(digits):
    same = digits[:1].repeat(8, 1, 1)  # (8, 8, 8): one digit eight times
    out = augment(same, strength=1.0, generator=0)
    assert len({tuple(v.flatten().tolist()) for v in out}) == 8


def test_strength_zero_is_the_identity(digits):
    out = augment(digits, strength=0.0, generator=0)
    torch.testing.assert_close(out, digits, rtol=0, atol=0)
    out[0, 0, 0] = 0.5
    assert digits[0, 0, 0] != 0.5 or out is not digits, "must return a copy"


def test_stronger_augmentation_moves_images_further(digits):
    def distance(strength: float) -> float:
        out = augment(digits, strength=strength, generator=0)
        return float((out - digits).abs().mean())

    d = [distance(s) for s in (0.25, 0.5, 1.0, 2.0)]
    assert d == sorted(d), f"mean change should grow with strength, got {d}"


def test_shift_moves_the_ink_by_at_most_max_shift():
    img = torch.zeros(1, 8, 8)
    img[0, 3, 3] = 1.0
    aug = DigitAugmenter(strength=1.0, ops=("shift",), max_shift=2.0)
    gen = torch.Generator().manual_seed(0)
    pixels = torch.arange(8.0)
    moves = []
    for _ in range(30):
        out = aug(img, generator=gen)[0]
        # Bilinear resampling of an interior dot keeps all its ink.
        assert float(out.sum()) == pytest.approx(1.0, abs=1e-5)
        row = float((out.sum(1) * pixels).sum())  # centre of mass
        col = float((out.sum(0) * pixels).sum())
        moves.append((row - 3, col - 3))
    moves = np.array(moves)
    assert np.abs(moves).max() <= 2.0 + 1e-4
    assert np.abs(moves).max() > 1.0, "shifts should reach past one pixel"
    assert (moves > 0).any() and (moves < 0).any(), "both directions occur"


def test_rotation_by_90_degrees_matches_rot90():
    img = torch.rand(1, 8, 8)
    gen = torch.Generator().manual_seed(0)
    # max_rotation 90 at strength 1 draws U(-90, 90); find draws near +-90 degrees
    # indirectly by comparing with both quarter turns.
    aug = DigitAugmenter(strength=1.0, ops=("rotate",), max_rotation=90.0)
    best = min(
        min(
            float((out - torch.rot90(img, k, dims=(1, 2))).abs().max()) for k in (1, -1)
        )
        for out in (aug(img, generator=gen) for _ in range(400))
    )
    assert best < 0.1, f"no draw came close to a quarter turn (closest {best:.3f})"


def test_thickness_moves_towards_dilation_or_erosion(digits):
    aug = DigitAugmenter(strength=2.0, ops=("thickness",), max_thickness=0.5)
    out = aug(digits, generator=0)
    ink_before = digits.sum(dim=(1, 2))
    ink_after = out.sum(dim=(1, 2))
    # Thicker and thinner pens both occur; the blend never leaves the
    # [erosion, dilation] envelope.
    assert (ink_after > ink_before + 1e-3).any() and (ink_after < ink_before).any()
    x = digits.unsqueeze(1)
    thick = torch.nn.functional.max_pool2d(x, 3, 1, 1).squeeze(1)
    thin = -torch.nn.functional.max_pool2d(-x, 3, 1, 1).squeeze(1)
    assert (out <= thick + 1e-6).all() and (out >= thin - 1e-6).all()


def test_noise_has_the_requested_scale():
    grey = torch.full((200, 8, 8), 0.5)
    out = augment(grey, strength=1.0, generator=0, ops=("noise",))
    std = float((out - grey).std())
    assert std == pytest.approx(DigitAugmenter().noise_std, rel=0.05)


def test_numpy_in_numpy_out(digits):
    arr = digits.numpy().astype(np.float64)
    out = augment(arr, strength=1.0, generator=0)
    assert isinstance(out, np.ndarray) and out.dtype == np.float64
    expected = augment(digits, strength=1.0, generator=0).numpy()
    np.testing.assert_allclose(out, expected, atol=1e-6)


def test_expand_keeps_labels(digits):
    labels = np.arange(len(digits)) % 10
    aug = DigitAugmenter(strength=0.5)
    images, y = expand(digits, labels, copies=2, augmenter=aug, generator=0)
    assert images.shape == (3 * len(digits), 8, 8)
    np.testing.assert_array_equal(y, np.tile(labels, 3))
    torch.testing.assert_close(images[: len(digits)], digits)
    with pytest.raises(ValueError, match=r"copies must be an integer in \[0"):
        expand(digits, labels, copies=-1, augmenter=aug, generator=0)
    with pytest.raises(ValueError, match="labels must have shape"):
        expand(digits, labels[:3], copies=1, augmenter=aug, generator=0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"ops": ()}, "at least one augmentation"),
        ({"ops": []}, "at least one augmentation"),
        ({"ops": ("blur",)}, "unknown augmentation"),
        ({"ops": "shift"}, "sequence of names"),
        ({"ops": ("shift", "shift")}, "must not repeat"),
        ({"strength": -0.1}, r"strength must be in \[0, 2"),
        ({"strength": 2.5}, r"strength must be in \[0, 2"),
        ({"strength": float("nan")}, "strength must be a finite number"),
    ],
)
def test_bad_configuration_is_rejected(digits, kwargs, message):
    options = {"strength": 1.0, "generator": 0} | kwargs
    with pytest.raises(ValueError, match=message):
        augment(digits, **options)


def test_a_strength_that_is_not_a_number_is_a_type_error(digits):
    with pytest.raises(TypeError, match="strength must be a number"):
        augment(digits, strength="strong", generator=0)


def test_bad_images_and_generators_are_rejected(digits):
    with pytest.raises(ValueError, match=r"shape \(n, h, w\)"):
        augment(digits.reshape(-1, 64), strength=1.0, generator=0)
    with pytest.raises(ValueError, match=r"values in \[0, 1\]"):
        augment(digits * 16, strength=1.0, generator=0)
    with pytest.raises(ValueError, match="NaN"):
        augment(torch.full((2, 8, 8), float("nan")), strength=1.0, generator=0)
    with pytest.raises(ValueError, match="torch.Generator or an integer"):
        augment(digits, strength=1.0, generator=0.5)
    with pytest.raises(ValueError, match="max_zoom"):
        DigitAugmenter(max_zoom=0.6)
    with pytest.raises(ValueError, match=r"noise_std must be in \[0, inf\)"):
        DigitAugmenter(noise_std=-1.0)
    with pytest.raises(ValueError, match="max_shift must be a finite number"):
        DigitAugmenter(max_shift=float("inf"))


def test_expand_checks_labels_copies_and_seeds():
    images = np.zeros((2, 8, 8))
    aug = DigitAugmenter(strength=0.5)
    with pytest.raises(ValueError, match="labels must hold integer class labels"):
        expand(images, np.array([0.5, 1.0]), copies=1, augmenter=aug, generator=0)
    with pytest.raises(ValueError, match=r"copies must be an integer in \[0, 1000\]"):
        expand(images, np.array([0, 1]), copies=10**12, augmenter=aug, generator=0)
    with pytest.raises(ValueError, match=r"generator must be an integer in \[0, inf\)"):
        augment(images, strength=0.5, generator=-1)
    with pytest.raises(TypeError, match="ops must be a sequence of names"):
        augment(images, strength=0.5, generator=0, ops=3)
