"""Bad-input cases of helpers.synth (see tests/bad_input.py).

Valid calls stay tiny: GAN, denoiser and VAE runs of a few steps on a few points,
a digits grid of one seed, one strength and two ratios. Trained objects are built
once, on first use. The cached grid runs against a private temporary cache folder,
so the walk never writes into ``data/cache``.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import torch
from bad_input import Case, private_cache

from helpers.synth import (
    augment,
    cards,
    diffusion,
    diffusion_plots,
    gan,
    gan_plots,
    groups,
    mahjong,
    solutions_10,
    synthetic,
    synthetic_digits,
    synthetic_plots,
    synthetic_widget,
    text_augment,
    vae,
)

RNG = np.random.default_rng(0)
IMAGES = RNG.random((4, 8, 8))  # (n, 8, 8) in [0, 1]
POINTS = RNG.standard_normal((6, 2))
XY = RNG.standard_normal((8, 3))
Y8 = np.array([0, 0, 0, 0, 1, 1, 1, 1])
DIGITS = RNG.random((20, 64))  # flat digits in [0, 1]
Y20 = np.tile(np.arange(10), 2)
TINY_DIFFUSION = diffusion.DiffusionConfig(T=5, steps=3, batch=8, hidden=8)
TINY_GAN = gan.GanConfig(steps=4, batch=8, hidden=8, snapshot_every=2, n_show=16)
TINY_VAE = vae.VaeConfig(latent=2, hidden=8, steps=2, batch=8)


@functools.cache
def _grid() -> synthetic_digits.DigitsGrid:
    return synthetic_digits.compute_digits_grid(
        seeds=(0,), ratios=(0, 1), strengths=(0.5,), per_class=2, vae_steps=2
    )


@functools.cache
def _gan_run() -> gan.GanRun:
    return gan.train_gan(TINY_GAN)


@functools.cache
def _denoiser() -> diffusion.TrainedDenoiser:
    return diffusion.train_denoiser(gan.ring_of_gaussians(32), TINY_DIFFUSION)


@functools.cache
def _vae() -> vae.TrainedVAE:
    return vae.train_vae(DIGITS, Y20, TINY_VAE)


def _gan_run_fields() -> dict:
    r = _gan_run()
    return {
        "config": r.config,
        "snapshots": r.snapshots,
        "snapshot_steps": r.snapshot_steps,
        "d_loss": r.d_loss,
        "g_loss": r.g_loss,
        "modes_covered": r.modes_covered,
        "real": r.real,
    }


def _tensors() -> dict:
    gen = torch.Generator().manual_seed(0)
    return {
        "logits": torch.randn(3, 4, generator=gen),
        "mu": torch.randn(3, 2, generator=gen),
        "logvar": torch.randn(3, 2, generator=gen),
        "x": torch.rand(3, 4, generator=gen),
    }


def _hands() -> np.ndarray:
    return cards.deal_hands(3, seed=0)


CASES = [
    # --------------------------------------------------------------- augment
    Case(
        augment.DigitAugmenter,
        lambda: {
            "strength": 1.0,
            "ops": ("shift", "noise"),
            "max_shift": 1.0,
            "max_zoom": 0.15,
            "max_rotation": 15.0,
            "max_thickness": 0.5,
            "noise_std": 0.1,
        },
        {
            "strength": "real",
            "ops": "choice",
            "max_shift": "real",
            "max_zoom": "real",
            "max_rotation": "real",
            "max_thickness": "real",
            "noise_std": "real",
        },
    ),
    Case(
        augment.augment,
        lambda: {"images": IMAGES, "strength": 1.0, "generator": 0, "ops": ("shift",)},
        {"images": "array", "strength": "real", "generator": "index", "ops": "choice"},
    ),
    Case(
        augment.expand,
        lambda: {
            "images": IMAGES,
            "labels": np.array([0, 1, 2, 3]),
            "copies": 2,
            "augmenter": augment.DigitAugmenter(strength=0.5),
            "generator": 0,
        },
        {
            "images": "array",
            "labels": "labels",
            "copies": "index",  # 0 copies is valid: the originals only
            "augmenter": "instance",
            "generator": "index",
        },
    ),
    # ------------------------------------------------------------- diffusion
    Case(
        diffusion.DiffusionConfig,
        lambda: {
            "T": 5,
            "beta_min": 1e-3,
            "beta_max": 0.3,
            "steps": 3,
            "batch": 8,
            "hidden": 8,
            "lr": 1e-2,
            "seed": 0,
        },
        {
            "T": "count",
            "beta_min": "prob",
            "beta_max": "prob",
            "steps": "count",
            "batch": "count",
            "hidden": "count",
            "lr": "positive",
            "seed": "index",
        },
    ),
    Case(
        diffusion.forward_noise,
        lambda: {"x0": POINTS, "t": 2, "config": TINY_DIFFUSION, "seed": 0},
        {"x0": "array", "t": "index", "seed": "index"},
    ),
    Case(
        diffusion.Denoiser,
        lambda: {"config": TINY_DIFFUSION},
        {"config": "instance"},
    ),
    Case(
        diffusion.MixtureDenoiser,
        lambda: {
            "centres": gan.ring_centres(4),
            "std": 0.1,
            "config": TINY_DIFFUSION,
        },
        {"centres": "array", "std": "positive"},  # config=None: the default
    ),
    Case(
        diffusion.TrainedDenoiser,
        lambda: {"model": _denoiser().model, "losses": np.array([1.0, 0.5])},
        {"model": "instance", "losses": "array"},
    ),
    Case(
        diffusion.train_denoiser,
        lambda: {"data": gan.ring_of_gaussians(16), "config": TINY_DIFFUSION},
        {"data": "array"},  # config=None: the default
    ),
    Case(
        diffusion.sample,
        lambda: {"denoiser": _denoiser(), "n": 4, "seed": 0},
        {"denoiser": "instance", "n": "count", "seed": "index"},
    ),
    Case(
        diffusion_plots.plot_points,
        lambda: {"points": POINTS, "title": "t", "name": "real"},
        {"points": "array"},
    ),
    # ------------------------------------------------------------------- gan
    Case(
        gan.ring_centres,
        lambda: {"n_modes": 4, "radius": 2.0},
        {"n_modes": "count", "radius": "positive"},
    ),
    Case(
        gan.ring_of_gaussians,
        lambda: {"n": 5, "n_modes": 4, "radius": 2.0, "std": 0.1, "seed": 0},
        {
            "n": "count",
            "n_modes": "count",
            "radius": "positive",
            "std": "positive",
            "seed": "index",
        },
    ),
    Case(
        gan.modes_covered,
        lambda: {
            "points": POINTS,
            "centres": gan.ring_centres(4),
            "std": 0.1,
            "min_share": 0.02,
        },
        {"points": "array", "centres": "array", "std": "positive", "min_share": "prob"},
    ),
    Case(
        gan.GanConfig,
        lambda: {
            "steps": 4,
            "batch": 8,
            "noise_dim": 2,
            "hidden": 8,
            "lr_g": 2e-3,
            "lr_d": 2e-3,
            "g_steps": 1,
            "n_modes": 4,
            "std": 0.1,
            "snapshot_every": 2,
            "n_show": 16,
            "seed": 0,
        },
        {
            "steps": "count",
            "batch": "count",
            "noise_dim": "count",
            "hidden": "count",
            "lr_g": "positive",
            "lr_d": "positive",
            "g_steps": "count",
            "n_modes": "count",
            "std": "positive",
            "snapshot_every": "count",
            "n_show": "count",
            "seed": "index",
        },
    ),
    Case(
        gan.GanRun,
        _gan_run_fields,
        {
            "config": "instance",
            "snapshots": "array",
            "snapshot_steps": "shorter",
            "d_loss": "array",
            "g_loss": "shorter",
            "modes_covered": "shorter",
            "real": "array",
        },
    ),
    Case(
        gan.train_gan,
        lambda: {"config": TINY_GAN},
        {},  # config=None is valid (the default run); a wrong type is a TypeError
    ),
    Case(
        gan_plots.plot_gan_samples,
        lambda: {"run": _gan_run(), "snapshot": 1},
        {"run": "instance", "snapshot": "choice"},
        # snapshot: an index into run.snapshots (negative counts from the end)
    ),
    Case(
        gan_plots.plot_gan_losses,
        lambda: {"run": _gan_run(), "window": 2},
        {"run": "instance", "window": "count"},
    ),
    # ------------------------------------------------------------- synthetic
    Case(
        synthetic.sample_fitted,
        lambda: {"X": XY, "y": Y8, "n_per_class": 3, "joint": True, "seed": 0},
        {"X": "array", "y": "shorter", "n_per_class": "count", "seed": "index"},
    ),
    Case(
        synthetic.correlation_gap,
        lambda: {"real": XY, "synthetic": XY[::-1] ** 2},
        {"real": "array", "synthetic": "array"},
    ),
    Case(
        synthetic.make_customers,
        lambda: {"n": 3, "seed": 0},
        {"n": "count", "seed": "index"},
    ),
    Case(
        synthetic.fill_templates,
        lambda: {
            "templates": ("{a} and {b}",),
            "slots": {"a": ("x", "y"), "b": ("z",)},
            "n": 3,
            "seed": 0,
        },
        {"templates": "texts", "slots": "instance", "n": "count", "seed": "index"},
    ),
    Case(
        synthetic.text_diversity,
        lambda: {"texts": ["a b c", "a b d"], "n": 2},
        {"texts": "texts", "n": "count"},
    ),
    Case(
        synthetic.leakage,
        lambda: {"texts": ["Ana called", "Bo wrote"], "private": pd.Series(["Ana"])},
        {"texts": "texts"},  # private may be empty (nothing to look for)
    ),
    Case(
        synthetic.imbalanced_blobs,
        lambda: {"n_major": 5, "n_minor": 2, "seed": 0},
        {"n_major": "count", "n_minor": "count", "seed": "index"},
    ),
    Case(
        synthetic.random_oversample,
        lambda: {"X": XY[:5], "y": Y8[:5], "seed": 0},
        {"X": "array", "y": "shorter", "seed": "index"},
    ),
    Case(
        synthetic.smote,
        lambda: {"X": XY[:6], "y": Y8[2:], "k": 2, "seed": 0},
        {"X": "array", "y": "shorter", "k": "count", "seed": "index"},
    ),
    # ----------------------------------------------------------------- cards
    Case(
        cards.deal_hands,
        lambda: {"n": 3, "hand_size": 13, "seed": 0},
        {"n": "count", "hand_size": "count", "seed": "index"},
    ),
    Case(
        cards.hcp_label,
        lambda: {"hands": _hands(), "threshold": 12},
        {"hands": "array", "threshold": "index"},
    ),
    Case(
        cards.permute_suits,
        lambda: {"hands": _hands(), "perm": (2, 0, 3, 1)},
        {"hands": "array", "perm": "shorter"},
    ),
    Case(
        cards.suit_augment,
        lambda: {"hands": _hands(), "labels": np.array([0, 1, 0])},
        {"hands": "array", "labels": "shorter"},
    ),
    Case(
        cards.card_experiment,
        lambda: {"n_train": 30, "n_test": 20, "seeds": (0,)},
        {"n_train": "count", "n_test": "count"},
    ),
    Case(
        synthetic.euclidean_distances,
        lambda: {"a": XY[:3], "b": XY[3:]},
        {"a": "array", "b": "array"},
    ),
    Case(
        synthetic.distance_to_closest_record,
        lambda: {"samples": XY[:3], "reference": XY[3:], "chunk": 2},
        {"samples": "array", "reference": "array", "chunk": "count"},
    ),
    Case(
        synthetic.PrivacyReport,
        lambda: {
            "median_dcr_synthetic": 1.0,
            "median_dcr_holdout": 1.2,
            "near_copy_share": 0.1,
            "exact_copies": 0,
            "quantile": 0.05,
        },
        {
            "median_dcr_synthetic": "real",
            "median_dcr_holdout": "real",
            "near_copy_share": "prob",
            "exact_copies": "index",
            "quantile": "prob",
        },
    ),
    Case(
        synthetic.privacy_check,
        lambda: {
            "synthetic": XY[:3],
            "train": XY[3:6],
            "holdout": XY[6:],
            "quantile": 0.05,
        },
        {
            "synthetic": "array",
            "train": "array",
            "holdout": "array",
            "quantile": "prob",
        },
    ),
    # ------------------------------------------------------ synthetic digits
    Case(
        synthetic_digits.knn_predict,
        lambda: {"train": XY[:6], "y_train": Y8[1:7], "test": XY[6:], "k": 3},
        {"train": "array", "y_train": "labels", "test": "array", "k": "count"},
    ),
    Case(
        synthetic_digits.mix,
        lambda: {
            "X_real": XY[:4],
            "y_real": Y8[:4],
            "X_extra": XY[4:],
            "y_extra": Y8[4:],
            "ratio": 0.5,
        },
        {
            "X_real": "array",
            "y_real": "shorter",
            "X_extra": "array",
            "y_extra": "shorter",
            "ratio": "real",
        },
    ),
    Case(
        synthetic_digits.DigitsGrid,
        lambda: {
            "ratios": (0, 1),
            "strengths": (0.5,),
            "seeds": (0,),
            "accuracy": {s: np.full((1, 1, 2), 0.5) for s in synthetic_digits.SOURCES},
            "examples": {s: np.zeros((1, 10, 8, 8)) for s in synthetic_digits.SOURCES},
        },
        {},  # sequences and per-source arrays whose shapes must agree (checked)
    ),
    Case(
        synthetic_digits.compute_digits_grid,
        lambda: {
            "seeds": (0,),
            "ratios": (0, 1),
            "strengths": (0.5,),
            "per_class": 2,
            "vae_steps": 2,
        },
        {"per_class": "count", "vae_steps": "count"},
    ),
    Case(
        private_cache(synthetic_digits.digits_grid),
        lambda: {
            "seeds": (0,),
            "ratios": (0, 1),
            "strengths": (0.5,),
            "per_class": 2,
            "vae_steps": 2,
            "verbose": False,
        },
        {"per_class": "count", "vae_steps": "count"},
        name="helpers.synth.synthetic_digits.digits_grid",
    ),
    # ------------------------------------------------------- synthetic plots
    Case(
        synthetic_plots.plot_real_vs_synthetic,
        lambda: {
            "real": POINTS,
            "synthetic": POINTS[::-1],
            "title": "t",
            "xlabel": "x",
            "ylabel": "y",
        },
        {"real": "array", "synthetic": "array"},
    ),
    Case(
        synthetic_plots.plot_smote,
        lambda: {
            "X": POINTS,
            "y": np.array([0, 0, 0, 0, 1, 1]),
            "X_new": POINTS[:2],
            "rare": 1,
        },
        {"X": "array", "y": "labels", "rare": "index"},
        # X_new may be empty (balanced data need no new rows), so it is not attacked
        # as an array; its NaN and shape are still checked
    ),
    Case(
        synthetic_plots.plot_dcr,
        lambda: {"distances": {"real": np.array([0.5, 1.0])}, "max_distance": 3.0},
        {"distances": "instance", "max_distance": "positive"},
    ),
    Case(
        synthetic_plots.plot_ratio_curves,
        lambda: {"grid": _grid(), "strength": 0.5, "ratio": 1},
        {"grid": "instance", "strength": "positive", "ratio": "index"},
    ),
    Case(
        synthetic_plots.plot_digit_examples,
        lambda: {"grid": _grid(), "strength": 0.5},
        {"grid": "instance", "strength": "positive"},
    ),
    Case(
        synthetic_widget.build_synthetic_widget,
        lambda: {"grid": _grid()},
        {},  # grid=None is valid (the cached lesson grid, minutes to compute)
    ),
    # ------------------------------------------------------------------- vae
    Case(
        vae.VaeConfig,
        lambda: {
            "latent": 2,
            "hidden": 8,
            "steps": 2,
            "batch": 8,
            "lr": 3e-3,
            "n_classes": 10,
            "seed": 0,
        },
        {
            "latent": "count",
            "hidden": "count",
            "steps": "count",
            "batch": "count",
            "lr": "positive",
            "n_classes": "count",
            "seed": "index",
        },
    ),
    Case(
        vae.DigitVAE,
        lambda: {"config": TINY_VAE, "n_pixels": 64},
        {"config": "instance", "n_pixels": "count"},
    ),
    Case(
        vae.TrainedVAE,
        lambda: {"model": _vae().model, "losses": np.array([50.0, 40.0])},
        {"model": "instance", "losses": "array"},
    ),
    Case(
        vae.vae_loss,
        _tensors,
        {"logits": "array", "mu": "array", "logvar": "shorter", "x": "array"},
    ),
    Case(
        vae.train_vae,
        lambda: {"X": DIGITS, "y": Y20, "config": TINY_VAE},
        {"X": "array", "y": "labels"},  # config=None: the default
    ),
    Case(
        vae.generate,
        lambda: {
            "vae": _vae(),
            "labels": np.array([0, 1, 2]),
            "temperature": 1.0,
            "seed": 0,
        },
        {"vae": "instance", "labels": "labels", "temperature": "real", "seed": "index"},
    ),
    Case(
        vae.QualityReport,
        lambda: {
            "agreement": 0.9,
            "confidence": 0.8,
            "classes_covered": 2,
            "per_class": pd.DataFrame(
                {"agreement": [1.0, 0.8], "confidence": [0.9, 0.7]}
            ),
        },
        {
            "agreement": "prob",
            "confidence": "prob",
            "classes_covered": "index",
            "per_class": "frame",
        },
    ),
    Case(
        vae.quality_check,
        lambda: {
            "generated": DIGITS[:4],
            "requested": Y20[:4],
            "X_real": DIGITS,
            "y_real": Y20,
            "min_agreement": 0.5,
        },
        {
            "generated": "array",
            "requested": "shorter",
            "X_real": "array",
            "y_real": "labels",
            "min_agreement": "prob",
        },
    ),
]

TEXTS = ["my parcel is late", "the invoice is wrong", "the app crashes", "help"]
GROUP_X = RNG.standard_normal((12, 2))
GROUP_Y = np.array([0, 1] * 6)
GROUP_G = np.array([0] * 6 + [1] * 6)
GROUP_RESULTS = groups.group_bias_experiment(
    n_major=30, n_minor=6, n_test=20, seeds=[0]
).drop(columns="seed")  # only the columns rebalance_letter needs


def _mj_hands() -> np.ndarray:
    return mahjong.deal_hands(6, seed=0)


CASES += [  # lesson 10: text augmentation, mahjong, groups, CV, exercise answers
    Case(
        synthetic_digits.cv_accuracy,
        lambda: {
            "X": DIGITS[:10],
            "y": np.repeat([0, 1], 5),
            "X_extra": DIGITS[10:],
            "ratios": (0, 1),
            "n_folds": 2,
            "k": 2,
        },
        {
            "X": "array",
            "y": "shorter",
            "X_extra": "array",
            "n_folds": "count",
            "k": "count",
        },
    ),
    *[
        Case(
            fn,
            lambda: {"text": "my parcel is late", "alpha": 0.2, "seed": 0},
            {"alpha": "prob", "seed": "index"},
        )
        for fn in (
            text_augment.synonym_replace,
            text_augment.random_insert,
            text_augment.random_swap,
            text_augment.random_delete,
        )
    ],
    Case(
        text_augment.augment_texts,
        lambda: {
            "texts": TEXTS,
            "labels": np.array([3, 0, 1, 2]),
            "operations": ["swap", "delete"],
            "copies": 2,
            "alpha": 0.1,
            "seed": 0,
        },
        {
            "texts": "texts",
            "labels": "shorter",
            "copies": "count",
            "alpha": "prob",
            "seed": "index",
        },
    ),
    Case(
        text_augment.ticket_augment_experiment,
        lambda: {
            "per_class": 1,
            "copies": 1,
            "alpha": 0.1,
            "seeds": [0],
            "data_seed": 0,
        },
        {
            "per_class": "count",
            "copies": "count",
            "alpha": "prob",
            "data_seed": "index",
        },
    ),
    Case(
        mahjong.deal_hands,
        lambda: {"n": 3, "hand_size": 13, "seed": 0},
        {"n": "count", "hand_size": "count", "seed": "index"},
    ),
    Case(
        mahjong.tanyao_label,
        lambda: {"hands": _mj_hands(), "max_yaochu": 4},
        {"hands": "array", "max_yaochu": "index"},
    ),
    Case(
        mahjong.permute_suits,
        lambda: {"hands": _mj_hands(), "perm": (2, 0, 1)},
        {"hands": "array", "perm": "array"},
    ),
    Case(
        mahjong.suit_augment,
        lambda: {"hands": _mj_hands(), "labels": np.array([0, 1, 0, 1, 0, 1])},
        {"hands": "array", "labels": "shorter"},
    ),
    Case(
        mahjong.mahjong_experiment,
        lambda: {"n_train": 20, "n_test": 10, "seeds": [0]},
        {"n_train": "count", "n_test": "count"},
    ),
    Case(
        mahjong.hand_string,
        lambda: {"hand": _mj_hands()[0]},
        {"hand": "array"},
    ),
    Case(
        groups.make_group_data,
        lambda: {"n_major": 5, "n_minor": 3, "seed": 0},
        {"n_major": "count", "n_minor": "count", "seed": "index"},
    ),
    Case(
        groups.group_rule,
        lambda: {"X": GROUP_X, "group": GROUP_G},
        {"X": "array", "group": "shorter"},
    ),
    Case(
        groups.group_features,
        lambda: {"X": GROUP_X, "group": GROUP_G, "model": "with group terms"},
        {"X": "array", "group": "shorter", "model": "choice"},
    ),
    Case(
        groups.rebalance_groups,
        lambda: {
            "X": GROUP_X,
            "y": GROUP_Y,
            "group": GROUP_G,
            "method": "SMOTE",
            "seed": 0,
        },
        {
            "X": "array",
            "y": "shorter",
            "group": "labels",
            "method": "choice",
            "seed": "index",
        },
    ),
    Case(
        groups.group_bias_experiment,
        lambda: {"n_major": 30, "n_minor": 6, "n_test": 20, "seeds": [0]},
        {"n_major": "count", "n_minor": "count", "n_test": "count"},
    ),
    Case(
        solutions_10.median_gain,
        lambda: {"grid": _grid(), "source": "augmented", "strength": 0.5, "ratio": 1},
        {"grid": "instance", "source": "choice", "strength": "real", "ratio": "index"},
    ),
    Case(
        solutions_10.rebalance_letter,
        lambda: {"results": GROUP_RESULTS, "n_minor": 20},
        {"results": "frame", "n_minor": "count"},
    ),
    Case(
        solutions_10.near_copy_share,
        lambda: {
            "vae": _vae(),
            "requested": np.array([0, 1, 2]),
            "X_train": DIGITS,
            "X_holdout": DIGITS[::-1].copy(),
            "temperature": 0.0,
            "seed": 0,
        },
        {
            "vae": "instance",
            "requested": "labels",
            "X_train": "array",
            "X_holdout": "array",
            "temperature": "real",
            "seed": "index",
        },
    ),
]

EXEMPT: dict[str, str] = {}
