"""Lesson 11 targets: the best digits model's test accuracy, the hand gradients
against autograd, training throughput and the grid widget's median callback.

The family table and the grid are the lesson's shipped artefacts (normal mode); the
throughput is one epoch of the lesson's CNN on the 1,000 training digits, median of
3, on one thread.
"""

from __future__ import annotations

import numpy as np

from benchmarks.common import Target, median_seconds, widget_target

LESSON = "11"


def run() -> list[Target]:
    import torch

    from helpers.train import backprop, families
    from helpers.train.grid_widget import build_training_grid_widget
    from helpers.train.models import build_model
    from helpers.train.trainer import TrainConfig, accuracy, fit

    torch.set_num_threads(1)
    results = families.family_table(verbose=False)
    chosen = results.best_on_validation("digits")
    model = families.rebuild_digit_model(results, chosen)
    parts = families.digits_parts()
    test_acc = accuracy(model, parts.X_test, parts.y_test)

    rng = np.random.default_rng(0)
    params = backprop.init_two_layer(64, 32, 10, seed=0)
    X, y = rng.normal(size=(200, 64)), rng.integers(0, 10, 200)
    gap = backprop.max_gradient_gap(
        backprop.forward_backward(params, X, y)[1],
        backprop.autograd_gradients(params, X, y)[1],
    )

    def one_epoch() -> None:
        cnn = build_model("cnn", width=32, depth=2)
        fit(
            cnn,
            parts.X_train,
            parts.y_train,
            parts.X_val,
            parts.y_val,
            config=TrainConfig(epochs=1, lr=3e-3),
            progress=False,
        )

    epoch_s = median_seconds(one_epoch, repeat=3)
    return [
        Target(
            LESSON,
            f"best digits model chosen on validation ({chosen}): test accuracy",
            ">= 0.98",
            float(test_acc),
            "accuracy",
            bool(test_acc >= 0.98),
        ),
        Target(
            LESSON,
            "hand gradients vs torch.autograd: largest difference",
            "< 1e-6",
            float(gap),
            "",
            bool(gap < 1e-6),
        ),
        Target(
            LESSON,
            "one epoch of the CNN on 1,000 digits (one thread)",
            "< 5 s",
            float(epoch_s),
            "s",
            bool(epoch_s < 5),
        ),
        widget_target(LESSON, "training grid widget", build_training_grid_widget()),
    ]
