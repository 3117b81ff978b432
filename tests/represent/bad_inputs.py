"""Bad-input cases of helpers.represent (see tests/bad_input.py).

Valid calls stay tiny: SimCLR runs of one epoch on a few images with a small MLP
encoder, an explorer grid of one run, pretext models trained for a few steps.
Trained objects are built once, on first use. Cached helpers run against a private
temporary cache folder, so the walk never writes into ``data/cache``.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import torch
from bad_input import Case, private_cache

from helpers.core.data import load_digits_split
from helpers.represent import (
    contrastive,
    contrastive_widget,
    explorer,
    explorer_plots,
    image_pretext,
    pretext,
    probe,
    probe_plots,
    projection,
    projection_plots,
    solutions_09,
)
from helpers.synth.augment import DigitAugmenter

RNG = np.random.default_rng(0)
IMAGES = RNG.random((8, 8, 8))  # (n, 8, 8) in [0, 1]
Z = RNG.standard_normal((4, 3)).astype(np.float32)  # (n, d) embeddings
TINY = contrastive.SimCLRConfig(
    epochs=1, batch_size=4, encoder="mlp", width=8, dim=4, proj_dim=4
)
TINY_POOL = contrastive.SimCLRConfig(
    epochs=1, batch_size=512, encoder="mlp", width=8, dim=4, proj_dim=4
)  # one epoch over the digits pool in three batches
MICRO_SPEC = explorer.ExplorerSpec(
    temperatures=(0.5,),
    strengths=(1.0,),
    snapshot_epochs=(0, 1),
    n_points=4,
    probe_seeds=1,
    base=contrastive.SimCLRConfig(
        batch_size=256, encoder="mlp", width=8, dim=8, proj_dim=4
    ),
)
CURVES = pd.DataFrame(
    {
        "features": ["raw pixels"] * 4,
        "per_class": [1, 1, 2, 2],
        "n_labels": [10, 10, 20, 20],
        "seed": [0, 1, 0, 1],
        "accuracy": [0.5, 0.6, 0.7, 0.8],
    }
)


@functools.cache
def _split():
    return load_digits_split()


@functools.cache
def _run() -> contrastive.SimCLRRun:
    """One epoch on 64 pool images, snapshots of the pool followed by the test set."""
    split = _split()
    return contrastive.train_simclr(
        split.images_pool[:64],
        config=contrastive.SimCLRConfig(
            epochs=1, batch_size=32, encoder="mlp", width=8, dim=4, proj_dim=4
        ),
        eval_images=np.concatenate([split.images_pool, split.images_test]),
        snapshot_epochs=(0,),
    )


@functools.cache
def _grid() -> explorer.ExplorerGrid:
    return explorer.compute_explorer_grid(MICRO_SPEC)


def _view() -> explorer.ExplorerView:
    return explorer.explorer_view(_grid(), temperature=0.5, strength=1.0, epoch=1)


@functools.cache
def _pretext() -> pretext.PretextResult:
    return pretext.train_pretext(
        pretext.make_corpus(30, seed=0),
        pretext.make_corpus(10, seed=1),
        task="cloze",
        steps=3,
    )


def _snapshot_fields() -> dict:
    return {"epoch": 1, "features": Z, "alignment": 0.5, "uniformity": -1.0}


def _run_fields() -> dict:
    run = _run()
    return {
        "config": run.config,
        "encoder_state": run.encoder_state,
        "losses": np.array([4.0, 3.5]),
        "snapshots": run.snapshots,
        "seconds": 1.0,
    }


def _grid_fields() -> dict:
    g = _grid()
    names = ("spec", "labels", "layouts", "alignment", "uniformity", "probe")
    return {n: getattr(g, n) for n in names} | {"baselines": g.baselines}


def _view_fields() -> dict:
    return {
        "temperature": 0.5,
        "strength": 1.0,
        "epoch": 1,
        "projection": "PCA",
        "points": RNG.standard_normal((5, 2)),
        "limits": (-1.0, 1.0, -1.0, 1.0),
        "alignment": 0.5,
        "uniformity": -1.0,
        "probe": 0.8,
    }


def _pretext_fields() -> dict:
    r = _pretext()
    return {
        "task": r.task,
        "vocab": r.vocab,
        "state": r.state,
        "n_context": r.n_context,
        "test_accuracy": 0.5,
        "baseline_accuracy": 0.1,
        "accuracy_by_kind": {"verb": 0.5},
        "losses": np.array([3.0, 2.0]),
    }


def _examples():
    vocab = _pretext().vocab
    contexts, labels, _ = pretext.make_examples(
        pretext.make_corpus(1, seed=0), vocab, task="next", window=2
    )
    return contexts, labels, vocab


def _probe_data() -> dict:
    return {
        "train_features": RNG.standard_normal((6, 3)),
        "train_labels": np.array([0, 1, 0, 1, 0, 1]),
        "test_features": RNG.standard_normal((4, 3)),
        "test_labels": np.array([0, 1, 1, 0]),
    }


CASES = [
    # ----------------------------------------------------------- contrastive
    Case(
        contrastive.info_nce,
        lambda: {
            "z1": torch.tensor(Z),
            "z2": torch.tensor(Z[::-1].copy()),
            "temperature": 0.2,
        },
        {"z1": "array", "z2": "array", "temperature": "positive"},
    ),
    Case(
        contrastive.alignment,
        lambda: {
            "z1": torch.tensor(Z),
            "z2": torch.tensor(Z[::-1].copy()),
            "alpha": 2.0,
        },
        {"z1": "array", "z2": "shorter", "alpha": "positive"},
    ),
    Case(
        contrastive.uniformity,
        lambda: {"z": torch.tensor(Z), "t": 2.0},
        {"z": "array", "t": "positive"},
    ),
    Case(
        contrastive.Encoder,
        lambda: {"kind": "cnn", "width": 4, "dim": 3},
        {"kind": "choice", "width": "count", "dim": "count"},
    ),
    Case(
        contrastive.ProjectionHead,
        lambda: {"dim": 4, "proj_dim": 3},
        {"dim": "count", "proj_dim": "count"},
    ),
    Case(
        contrastive.SimCLRConfig,
        lambda: {
            "temperature": 0.2,
            "strength": 1.0,
            "epochs": 2,
            "batch_size": 8,
            "lr": 1e-3,
            "weight_decay": 1e-4,
            "encoder": "mlp",
            "width": 8,
            "dim": 4,
            "proj_dim": 4,
            "seed": 0,
        },
        {
            "temperature": "positive",
            "strength": "real",
            "epochs": "count",
            "batch_size": "count",
            "lr": "positive",
            "weight_decay": "real",
            "encoder": "choice",
            "width": "count",
            "dim": "count",
            "proj_dim": "count",
            "seed": "index",
        },
    ),
    Case(
        contrastive.Snapshot,
        _snapshot_fields,
        {
            "epoch": "index",
            "features": "array",
            "alignment": "real",
            "uniformity": "real",
        },
    ),
    Case(
        contrastive.SimCLRRun,
        _run_fields,
        {"config": "instance", "losses": "array", "seconds": "real"},
    ),
    Case(
        contrastive.two_views,
        lambda: {
            "images": torch.tensor(IMAGES, dtype=torch.float32),
            "augmenter": DigitAugmenter(strength=1.0),
            "generator": torch.Generator().manual_seed(0),
        },
        {"images": "array", "augmenter": "instance", "generator": "instance"},
    ),
    Case(
        contrastive.positive_pairs,
        lambda: {"images": IMAGES, "strength": 1.0, "n": 3, "seed": 0},
        {"images": "array", "strength": "real", "n": "count", "seed": "index"},
    ),
    Case(
        contrastive.train_simclr,
        lambda: {
            "images": IMAGES,
            "config": TINY,
            "eval_images": IMAGES[:5],
            "snapshot_epochs": (0,),
        },
        {"images": "array", "config": "instance"},
        # eval_images=None is valid (the training images), so it is not attacked
    ),
    Case(
        contrastive.encode,
        lambda: {
            "encoder": contrastive.Encoder(kind="mlp", width=4, dim=3),
            "images": IMAGES,
        },
        {"encoder": "instance", "images": "array"},
    ),
    Case(
        contrastive_widget.build_embedding_widget,
        lambda: {"grid": _grid()},
        {},  # grid=None is valid (the cached lesson grid, minutes to compute)
    ),
    # -------------------------------------------------------------- explorer
    Case(
        explorer.ExplorerSpec,
        lambda: {
            "temperatures": (0.2,),
            "strengths": (1.0,),
            "snapshot_epochs": (0, 1),
            "n_points": 4,
            "probe_seeds": 1,
            "base": contrastive.SimCLRConfig(),
        },
        {"n_points": "count", "probe_seeds": "count", "base": "instance"},
    ),
    Case(explorer.default_spec, dict, {}),
    Case(
        explorer.ExplorerGrid,
        _grid_fields,
        {"spec": "instance", "labels": "labels"},
    ),
    Case(
        explorer.compute_explorer_grid,
        lambda: {"spec": MICRO_SPEC},
        {},  # spec=None is valid (the lesson's spec, minutes to compute)
    ),
    Case(
        private_cache(explorer.explorer_grid),
        lambda: {"spec": MICRO_SPEC, "verbose": False},
        {},
        name="helpers.represent.explorer.explorer_grid",
    ),
    Case(
        explorer.ExplorerView,
        _view_fields,
        {
            "temperature": "positive",
            "strength": "real",
            "epoch": "index",
            "projection": "choice",
            "points": "array",
            "alignment": "real",
            "uniformity": "real",
            "probe": "prob",
        },
    ),
    Case(
        explorer.explorer_view,
        lambda: {
            "grid": _grid(),
            "temperature": 0.5,
            "strength": 1.0,
            "epoch": 1,
            "projection": "PCA",
        },
        {
            "grid": "instance",
            "temperature": "positive",
            "strength": "real",
            "epoch": "index",
            "projection": "choice",
        },
    ),
    Case(
        explorer.grid_table,
        lambda: {"grid": _grid(), "epoch": 1},
        {"grid": "instance", "epoch": "choice"},  # epoch None: the last snapshot
    ),
    Case(
        explorer_plots.plot_alignment_uniformity,
        lambda: {"grid": _grid(), "view": _view(), "baselines": _grid().baselines},
        {"grid": "instance", "view": "instance"},
    ),
    # --------------------------------------------------------------- pretext
    Case(pretext.word_kinds, dict, {}),
    Case(
        pretext.make_corpus,
        lambda: {"n_sentences": 3, "seed": 0},
        {"n_sentences": "count", "seed": "index"},
    ),
    Case(
        pretext.Vocabulary,
        lambda: {"words": (pretext.PAD, "the", "chef")},
        {"words": "texts"},  # a tuple of distinct words after the padding token
    ),
    Case(
        pretext.make_examples,
        lambda: {
            "sentences": ["the chef cooks"],
            "vocab": pretext.Vocabulary((pretext.PAD, "chef", "cooks", "the")),
            "task": "cloze",
            "window": 2,
        },
        {
            "sentences": "texts",
            "vocab": "instance",
            "task": "choice",
            "window": "count",
        },
    ),
    Case(
        pretext.show_examples,
        lambda: (
            dict(zip(("contexts", "labels", "vocab"), _examples(), strict=True))
            | {"task": "next"}
        ),
        {
            "contexts": "array",
            "labels": "labels",
            "vocab": "instance",
            "task": "choice",
        },
    ),
    Case(
        pretext.WindowModel,
        lambda: {"vocab_size": 5, "n_context": 2, "emb_dim": 3, "hidden": 4},
        {
            "vocab_size": "count",
            "n_context": "count",
            "emb_dim": "count",
            "hidden": "count",
        },
    ),
    Case(
        pretext.PretextResult,
        _pretext_fields,
        {
            "task": "choice",
            "vocab": "instance",
            "n_context": "count",
            "test_accuracy": "prob",
            "baseline_accuracy": "prob",
            "losses": "array",
        },
    ),
    Case(
        pretext.train_pretext,
        lambda: {
            "train": pretext.make_corpus(10, seed=0),
            "test": pretext.make_corpus(5, seed=1),
            "task": "next",
            "window": 2,
            "steps": 2,
            "lr": 0.03,
            "seed": 0,
        },
        {
            "train": "texts",
            "test": "texts",
            "task": "choice",
            "window": "count",
            "steps": "count",
            "lr": "positive",
            "seed": "index",
        },
    ),
    Case(
        pretext.predict,
        lambda: {"result": _pretext(), "context": "the young ___ cooks", "k": 2},
        {"result": "instance", "k": "count"},
    ),
    Case(
        pretext.nearest_words,
        lambda: {"result": _pretext(), "word": "chef", "k": 2},
        {"result": "instance", "k": "count"},
    ),
    # ----------------------------------------------------------------- probe
    Case(
        probe.probe_scorer,
        lambda: _probe_data() | {"C": 1.0},
        {
            "train_features": "array",
            "train_labels": "labels",
            "test_features": "array",
            "test_labels": "shorter",
            "C": "positive",
        },
    ),
    Case(
        probe.linear_probe,
        lambda: _probe_data() | {"per_class": 2, "seeds": (0, 1), "C": 1.0},
        {
            "train_features": "array",
            "train_labels": "shorter",
            "test_features": "array",
            "test_labels": "labels",
            "C": "positive",
        },  # per_class=None is valid (every label), so it is not attacked as a count
    ),
    Case(probe.main_config, lambda: {"fast": True}, {}),
    Case(
        private_cache(probe.pretrained_run),
        lambda: {"run_config": TINY_POOL, "verbose": False},
        {},
        name="helpers.represent.probe.pretrained_run",
    ),
    Case(probe.baseline_sets, lambda: {"split": _split()}, {"split": "instance"}),
    Case(
        probe.feature_sets,
        lambda: {"run": _run(), "split": _split(), "epoch": 0},
        {"run": "instance", "split": "instance", "epoch": "choice"},
        # epoch: one of the run's snapshot epochs (None: the last)
    ),
    Case(
        probe.probe_curves,
        lambda: {
            "sets": {"raw pixels": (_split().X_pool, _split().X_test)},
            "split": _split(),
            "per_class": (1,),
            "seeds": (0,),
        },
        {"sets": "instance", "split": "instance"},
        # per_class and seeds are sequences, checked one by one
    ),
    Case(
        probe.label_curve,
        lambda: {"curves": CURVES, "features": "raw pixels"},
        {"curves": "frame", "features": "choice"},
    ),
    Case(probe.probe_summary, lambda: {"curves": CURVES}, {"curves": "frame"}),
    # ----------------------------------------------------------- probe plots
    Case(
        probe_plots.plot_probe_curves, lambda: {"curves": CURVES}, {"curves": "frame"}
    ),
    Case(probe_plots.plot_losses, lambda: {"run": _run()}, {"run": "instance"}),
    Case(
        probe_plots.plot_positive_pairs,
        lambda: {
            "pairs": {"original": IMAGES[:3], "view 1": IMAGES[3:6]},
            "strength": 1.0,
        },
        {"pairs": "instance", "strength": "real"},
    ),
    # ------------------------------------------------------------ projection
    Case(
        projection.tsne,
        lambda: {
            "features": RNG.standard_normal((1, 6, 3)),
            "perplexity": 2.0,
            "n_iter": 5,
            "exaggeration_iter": 2,
            "seed": 0,
        },
        {
            "features": "array",
            "perplexity": "positive",
            "n_iter": "count",
            "exaggeration_iter": "index",
            "seed": "index",
        },  # init=None is valid (a PCA start), so it is not attacked as an array
    ),
    Case(
        projection.pca_2d,
        lambda: {"features": RNG.standard_normal((5, 3))},
        {"features": "array"},
    ),
    Case(
        projection.tsne_sequence,
        lambda: {"batches": [RNG.standard_normal((1, 31, 3))] * 2, "warm_iter": 2},
        {"batches": "array", "warm_iter": "count"},
    ),
    Case(
        projection_plots.plot_embedding,
        lambda: {
            "points": RNG.standard_normal((4, 2)),
            "labels": np.array([0, 1, 0, 1]),
            "projection": "PCA",
        },
        {"points": "array", "labels": "labels", "projection": "choice"},
    ),
]

CASES += [  # lesson 09: rotation prediction and the pairwise contrastive loss
    Case(
        image_pretext.rotate_batch,
        lambda: {"images": torch.tensor(IMAGES), "n_rotations": 4},
        {"images": "array", "n_rotations": "choice"},
    ),
    Case(
        image_pretext.random_turns,
        lambda: {
            "images": torch.tensor(IMAGES),
            "turns": torch.tensor([0, 1, 2, 3, 0, 1, 2, 3]),
            "n_rotations": 4,
        },
        {"images": "array", "turns": "shorter", "n_rotations": "choice"},
    ),
    Case(
        image_pretext.pairwise_contrastive,
        lambda: {
            "z1": torch.tensor(Z),
            "z2": torch.tensor(Z[::-1].copy()),
            "margin": 1.0,
        },
        {"z1": "array", "z2": "array", "margin": "positive"},
    ),
    Case(
        image_pretext.ImagePretextConfig,
        lambda: {
            "task": "pairwise",
            "epochs": 1,
            "batch_size": 4,
            "lr": 1e-3,
            "weight_decay": 0.0,
            "strength": 1.0,
            "margin": 1.0,
            "n_rotations": 4,
            "width": 2,
            "dim": 4,
            "seed": 0,
        },
        {
            "task": "choice",
            "epochs": "count",
            "batch_size": "count",
            "lr": "positive",
            "weight_decay": "real",
            "strength": "real",
            "margin": "positive",
            "n_rotations": "choice",
            "width": "count",
            "dim": "count",
            "seed": "index",
        },
    ),
    Case(
        image_pretext.ImagePretextRun,
        lambda: {
            "config": image_pretext.ImagePretextConfig(width=2, dim=4),
            "state": {},
            "losses": np.array([1.0, 0.5]),
            "seconds": 0.1,
        },
        {
            "config": "instance",
            "state": "instance",
            "losses": "array",
            "seconds": "real",
        },
    ),
    Case(
        image_pretext.train_image_pretext,
        lambda: {
            "images": IMAGES,
            "config": image_pretext.ImagePretextConfig(
                epochs=1, batch_size=4, width=2, dim=4
            ),
        },
        {"images": "array", "config": "instance"},
    ),
    Case(
        private_cache(image_pretext.image_pretext_run),
        lambda: {
            "config": image_pretext.ImagePretextConfig(
                epochs=1, batch_size=1024, width=2, dim=4
            ),
            "verbose": False,
        },
        {"config": "instance"},
        name="helpers.represent.image_pretext.image_pretext_run",
    ),
    # lesson 09's exercise answers
    Case(
        solutions_09.info_nce_two_images,
        lambda: {"temperature": 1.0},
        {"temperature": "positive"},
    ),
    Case(solutions_09.square_uniformity, lambda: {"t": 2.0}, {"t": "positive"}),
    Case(
        solutions_09.far_negative_letter,
        lambda: {"margin": 1.0, "distance": 1.5},
        {"margin": "positive", "distance": "positive"},
    ),
    Case(
        private_cache(solutions_09.rotation_probe),
        lambda: {
            "split": _split(),
            "n_rotations": 2,
            "epochs": 1,
            "per_class": 1,
            "seeds": [0],
        },
        {
            "split": "instance",
            "n_rotations": "choice",
            "epochs": "count",
            "per_class": "count",
        },
        name="helpers.represent.solutions_09.rotation_probe",
    ),
]

EXEMPT: dict[str, str] = {
    f"helpers.represent.image_pretext.{name}": "takes no arguments; loads a shipped "
    "run (image_pretext_run, which it calls, has a case)"
    for name in ("pairwise_run", "rotation_run", "two_turn_run")
}
