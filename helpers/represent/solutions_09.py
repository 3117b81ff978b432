"""Expected answers of lesson 09's exercises, computed (never typed) for the checks.

* :func:`info_nce_two_images` -- 09.1, InfoNCE of two orthogonal images, views swapped;
* :func:`square_uniformity` -- 09.2, uniformity of four unit vectors on a square;
* :func:`far_negative_letter` -- 09.3, what the pairwise loss does to a negative that
  is already past the margin, as a multiple-choice letter read off autograd;
* :func:`rotation_probe` -- 09.4, the linear probe after rotation prediction with
  another number of turns.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

from helpers.core.data import DigitsSplit
from helpers.core.validation import check_int, check_real, check_seeds
from helpers.represent.image_pretext import (
    ROTATIONS,
    ImagePretextConfig,
    image_pretext_run,
    pairwise_contrastive,
)
from helpers.represent.probe import linear_probe


def info_nce_two_images(*, temperature: float = 1.0) -> float:
    """09.1: views ``z1 = [(1, 0), (0, 1)]`` and ``z2 = [(0, 1), (1, 0)]``.

    Worked out with NumPy from the definition: for each of the four anchors, a
    softmax over the three other vectors with the partner as the right answer.
    """
    tau = check_real("temperature", temperature, low=0, open_low=True)
    z = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0], [1.0, 0.0]])  # (2n, 2)
    partner = np.array([2, 3, 0, 1])
    sims = z @ z.T / tau  # (2n, 2n)
    losses = []
    for i in range(4):
        others = [k for k in range(4) if k != i]
        losses.append(np.log(np.exp(sims[i, others]).sum()) - sims[i, partner[i]])
    return float(np.mean(losses))


def square_uniformity(*, t: float = 2.0) -> float:
    """09.2: ``log mean_{i<j} exp(-t ||z_i - z_j||^2)`` over the corners
    ``(1, 0), (0, 1), (-1, 0), (0, -1)``."""
    t = check_real("t", t, low=0, open_low=True)
    z = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])
    pairs = [(i, j) for i in range(4) for j in range(i + 1, 4)]
    return float(
        np.log(np.mean([np.exp(-t * ((z[i] - z[j]) ** 2).sum()) for i, j in pairs]))
    )


def far_negative_letter(*, margin: float = 1.0, distance: float = 1.5) -> str:
    """09.3: a negative pair ``distance`` apart, with ``distance > margin``. Under the
    pairwise loss its gradient (a) is zero, (b) pushes the two apart, or (c) pulls
    them together? Read off autograd on two pairs whose negatives sit at
    ``distance`` on the unit circle."""
    margin = check_real("margin", margin, low=0, high=2, open_low=True)
    distance = check_real("distance", distance, low=0, high=2, open_low=True)
    if distance <= margin:
        raise ValueError(
            f"distance must exceed the margin ({margin}) for this question, got "
            f"{distance}"
        )
    angle = 2 * np.arcsin(distance / 2)  # chord length -> angle on the unit circle
    a = torch.tensor([[1.0, 0.0]], requires_grad=True)
    b = torch.tensor([[np.cos(angle), np.sin(angle)]], dtype=torch.float32)
    z1 = torch.cat([a, b])  # (2, 2): anchors
    loss = pairwise_contrastive(z1, z1.detach().clone(), margin=margin)
    loss.backward()
    grad = a.grad[0]
    if float(grad.norm()) < 1e-9:
        return "a"
    step = a.detach()[0] - 0.01 * grad  # one small gradient-descent step
    apart = float((step - b[0]).norm()) > float((a.detach()[0] - b[0]).norm())
    return "b" if apart else "c"


def rotation_probe(
    split: DigitsSplit,
    *,
    n_rotations: int,
    epochs: int,
    per_class: int = 10,
    seeds: Sequence[int] = range(5),
) -> float:
    """09.4: median linear-probe accuracy (``per_class`` labels per class, over
    ``seeds``) of the encoder trained by rotation prediction with ``n_rotations``
    turns for ``epochs`` epochs (through the cache)."""
    if not isinstance(split, DigitsSplit):
        raise TypeError(f"split must be a DigitsSplit, got {type(split).__name__}")
    if n_rotations not in ROTATIONS:
        raise ValueError(f"n_rotations must be one of {ROTATIONS}, got {n_rotations!r}")
    epochs = check_int("epochs", epochs, low=1, high=1000)
    per_class = check_int("per_class", per_class, low=1, high=len(split.y_pool))
    seeds = check_seeds(seeds)
    run = image_pretext_run(
        ImagePretextConfig(task="rotation", epochs=epochs, n_rotations=n_rotations),
        verbose=False,
    )
    pool, test = run.features(split.images_pool), run.features(split.images_test)
    return float(
        np.median(
            linear_probe(
                pool, split.y_pool, test, split.y_test, per_class=per_class, seeds=seeds
            )
        )
    )
