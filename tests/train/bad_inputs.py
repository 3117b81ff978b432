"""Bad-input cases of helpers.train (see tests/bad_input.py).

Valid calls stay tiny: a dozen 2-D points in three classes, two epochs. Not attacked:
``fit(progress=...)`` (``None`` is its documented default and no kind generates a
bad bool other than None), ``batch_loss``'s tensors (internal to the training step,
built by :func:`fit` from checked arrays).
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import torch
from bad_input import Case

from helpers.train import (
    backprop,
    families,
    grid,
    grid_widget,
    losses,
    models,
    shapes,
    shipped_fast,
    solutions_11,
    text,
    trainer,
    training_plots,
)

RNG = np.random.default_rng(0)
X12 = RNG.normal(size=(12, 2))  # (12, 2)
Y12 = np.tile([0, 1, 2], 4)


def _model():
    return models.build_model("linear", n_features=2, n_classes=3)


TINY = trainer.TrainConfig(epochs=2, batch_size=4)

CASES = [
    Case(
        models.build_model,
        lambda: {
            "family": "mlp",
            "n_features": 4,
            "n_classes": 3,
            "width": 4,
            "depth": 1,
            "dropout": 0.1,
            "seed": 0,
        },
        {
            "family": "choice",
            "n_features": "count",
            "n_classes": "count",
            "width": "count",
            "depth": "count",
            "dropout": "prob",
            "seed": "index",
        },
    ),
    Case(models.count_parameters, lambda: {"model": _model()}, {"model": "instance"}),
    Case(
        models.sinusoidal_positions,
        lambda: {"length": 5, "dim": 4},
        {"length": "count", "dim": "count"},
    ),
    Case(
        trainer.TrainConfig,
        lambda: {
            "epochs": 2,
            "lr": 0.01,
            "batch_size": 4,
            "optimizer": "sgd",
            "weight_decay": 0.0,
            "patience": 2,
            "seed": 0,
        },
        {
            "epochs": "count",
            "lr": "positive",
            "batch_size": "count",
            "optimizer": "choice",
            "weight_decay": "real",
            "patience": "count",
            "seed": "index",
        },
    ),
    Case(
        trainer.History,
        lambda: {
            "train_loss": [1.0, 0.5],
            "val_loss": [1.1, 0.7],
            "train_acc": [0.5, 0.8],
            "val_acc": [0.4, 0.7],
            "best_epoch": 1,
            "stopped_early": False,
            "seconds": 0.1,
        },
        {"train_loss": "shorter", "best_epoch": "index", "seconds": "real"},
    ),
    Case(
        trainer.batch_loss,
        lambda: {
            "logits": torch.zeros(2, 3),
            "y": torch.tensor([0, 2]),
            "loss": "mse",
        },
        {"loss": "choice"},
    ),
    Case(
        trainer.fit,
        lambda: {
            "model": _model(),
            "X_train": X12,
            "y_train": Y12,
            "X_val": X12[:6],
            "y_val": Y12[:6],
            "config": TINY,
            "loss": "cross_entropy",
            "progress": False,
        },
        {
            "model": "instance",
            "X_train": "array",
            "y_train": "labels",
            "X_val": "array",
            "y_val": "shorter",
            "config": "instance",
            "loss": "choice",
        },
    ),
    Case(
        trainer.predict_proba,
        lambda: {"model": _model(), "X": X12, "batch_size": 5},
        {"model": "instance", "X": "array", "batch_size": "count"},
    ),
    Case(
        trainer.accuracy,
        lambda: {"model": _model(), "X": X12, "y": Y12},
        {"model": "instance", "X": "array", "y": "labels"},
        name="helpers.train.trainer.accuracy",
    ),
    Case(
        trainer.accuracy,
        lambda: {"model": _model(), "X": X12, "y": Y12},
        {"y": "shorter"},
        name="helpers.train.trainer.accuracy",
    ),
]


@functools.cache
def _grid() -> grid.GridResults:
    return grid.compute_grid(epochs=1, max_train=10)


@functools.cache
def _digits() -> families.Parts:
    return families.digits_parts(n_train=20)


def _params():
    return backprop.init_two_layer(2, 3, 3, seed=0)


def _history():
    return trainer.History([1.0, 0.5], [1.1, 0.7], [0.5, 0.8], [0.4, 0.7], 1, True, 0.1)


def _family_results():
    model = models.build_model("linear")
    table = pd.DataFrame(
        {"dataset": ["digits"], "model": ["linear"], "val accuracy": [0.9]}
    ).assign(parameters=650)
    return families.FamilyResults(table, {"linear": model.state_dict()})


VOCAB = {"<pad>": 0, "<unk>": 1, "refund": 2, "please": 3}
FAMILY_TABLE = pd.DataFrame(
    {"dataset": ["digits"], "model": ["CNN"], "val accuracy": [0.9], "parameters": [9]}
)
SPEC = families.FamilySpec("linear", "linear", "pixels", epochs=1)

CASES += [
    Case(
        backprop.init_two_layer,
        lambda: {"n_in": 2, "n_hidden": 3, "n_out": 3, "seed": 0},
        {"n_in": "count", "n_hidden": "count", "n_out": "count", "seed": "index"},
    ),
    Case(
        backprop.forward_backward,
        lambda: {"params": _params(), "X": X12, "y": Y12},
        {"params": "instance", "X": "array", "y": "labels"},
    ),
    Case(
        backprop.autograd_gradients,
        lambda: {"params": _params(), "X": X12, "y": Y12},
        {"params": "instance", "X": "array", "y": "shorter"},
    ),
    Case(
        backprop.max_gradient_gap,
        lambda: {"a": _params(), "b": _params()},
        {"a": "instance", "b": "instance"},
    ),
    Case(
        shapes.layer_shapes,
        lambda: {"model": _model(), "X": X12},
        {"model": "instance", "X": "array"},
    ),
    Case(
        text.build_vocab,
        lambda: {"texts": ["refund please", "refund"], "min_count": 1, "max_size": 9},
        {"texts": "texts", "min_count": "count", "max_size": "count"},
    ),
    Case(
        text.encode,
        lambda: {"texts": ["refund please"], "vocab": VOCAB, "max_len": 4},
        {"texts": "texts", "vocab": "instance", "max_len": "count"},
    ),
    Case(
        families.FamilySpec,
        lambda: {"name": "linear", "family": "linear", "features": "pixels"},
        {"features": "choice"},
    ),
    Case(
        families.Parts,
        lambda: {
            "X_train": X12,
            "y_train": Y12,
            "X_val": X12,
            "y_val": Y12,
            "X_test": X12,
            "y_test": Y12,
            "n_classes": 3,
        },
        {"n_classes": "count"},
    ),
    Case(families.digits_parts, lambda: {"n_train": 20}, {"n_train": "count"}),
    Case(
        families.ticket_parts,
        lambda: {"features": "tfidf", "n_train": 20},
        {"features": "choice", "n_train": "count"},
    ),
    Case(
        families.run_spec,
        lambda: {"spec": SPEC, "parts": _digits(), "epochs": 1},
        {"spec": "instance", "parts": "instance", "epochs": "count"},
    ),
    Case(
        families.FamilyResults,
        lambda: {"table": FAMILY_TABLE, "digit_states": {}},
        {"table": "frame"},
    ),
    Case(
        families.rebuild_digit_model,
        lambda: {"results": _family_results(), "name": "linear"},
        {"results": "instance", "name": "choice"},
    ),
    Case(losses.loss_by_margin, lambda: {"margins": [-1.0, 2.0]}, {"margins": "array"}),
    Case(
        losses.outlier_data,
        lambda: {"n": 10, "n_outliers": 2, "distance": 5.0, "seed": 0},
        {"n": "count", "n_outliers": "index", "distance": "real", "seed": "index"},
    ),
    Case(
        losses.outlier_experiment,
        lambda: {"n_outliers": 2, "distance": 5.0, "epochs": 1, "seed": 0},
        {"n_outliers": "count", "distance": "real", "epochs": "count", "seed": "index"},
    ),
    Case(
        grid.compute_grid,
        lambda: {"epochs": 1, "max_train": 10},
        {"epochs": "count", "max_train": "count"},
    ),
    Case(
        grid.GridResults,
        lambda: {"runs": _grid().runs, "curves": _grid().curves, "epochs": 1},
        {"runs": "frame", "curves": "array", "epochs": "count"},
    ),
    Case(
        training_plots.plot_history,
        lambda: {"history": _history(), "metric": "loss"},
        {"history": "instance", "metric": "choice"},
    ),
    Case(
        training_plots.plot_loss_shapes,
        lambda: {"table": losses.loss_by_margin([-1.0, 1.0]).iloc[:, [0, 2, 3]]},
        {"table": "frame"},
    ),
    Case(
        training_plots.plot_outliers,
        lambda: {"data": losses.outlier_data(n=10), "crossings": {"MSE": 0.0}},
        {"data": "instance"},
    ),
    Case(
        training_plots.plot_families,
        lambda: {"table": FAMILY_TABLE, "dataset": "digits"},
        {"table": "frame", "dataset": "choice"},
    ),
    Case(
        training_plots.plot_grid_run,
        lambda: {"grid": _grid(), "setting": {"dropout": 0.3}},
        {"grid": "instance", "setting": "instance"},
    ),
    Case(
        grid_widget.build_training_grid_widget,
        lambda: {"grid": _grid()},
        {"grid": "instance"},
    ),
    Case(
        solutions_11.ex1_parameters,
        lambda: {"n_features": 4, "width": 3, "n_classes": 2},
        {"n_features": "count", "width": "count", "n_classes": "count"},
    ),
    Case(
        solutions_11.ex2_overfit_letter,
        lambda: {"grid": _grid(), "n_train": 50},
        {"grid": "instance", "n_train": "choice"},
    ),
    Case(
        solutions_11.ex3_sgd_accuracy,
        lambda: {"parts": _digits(), "lr": 0.1, "epochs": 1},
        {"parts": "instance", "lr": "positive", "epochs": "count"},
    ),
]

CASES += [
    Case(
        shipped_fast.normal_key,
        lambda: {
            "name": "monitor_maintenance",
            "params": {"n": 1},
            "module": "helpers.monitor.maintenance",
        },
        {"params": "instance", "module": "choice"},
    ),
    Case(
        shipped_fast.load_normal,
        lambda: {
            "name": "monitor_maintenance",
            "params": {"n": 1},
            "module": "helpers.monitor.maintenance",
        },
        {"params": "instance", "module": "choice"},
    ),
    Case(
        shipped_fast.reuse,
        lambda: {
            "name": "monitor_maintenance",
            "produce": lambda: 1,
            "normal_params": {"n": 1},
            "module": "helpers.monitor.maintenance",
        },
        {"produce": "callable", "normal_params": "instance", "module": "choice"},
    ),
    Case(
        shipped_fast.lesson_artefact,
        lambda: {"name": "monitor_maintenance", "produce": lambda: 1},
        {"name": "choice", "produce": "callable"},
    ),
]

_BUILT = "built and checked through build_model, which every case attacks"
EXEMPT: dict[str, str] = {
    "helpers.train.models.MLP": _BUILT,
    "helpers.train.models.CNN": _BUILT,
    "helpers.train.models.Recurrent": _BUILT,
    "helpers.train.models.TransformerClassifier": _BUILT,
    "helpers.train.families.family_table": "zero-argument artefact loader; its "
    "producer compute_family_table has a case",
    "helpers.train.families.compute_family_table": "trains ten models (over the "
    "time limit per call); run_spec, which it loops over, has a case",
    "helpers.train.grid.training_grid": "zero-argument artefact loader; its "
    "producer compute_grid has a case",
    "helpers.train.grid.settings": "takes no arguments: nothing to attack",
    "helpers.train.text.tokenize": "every string is a valid text; its TypeError for "
    "anything else is tested in tests/train/test_text.py",
}
