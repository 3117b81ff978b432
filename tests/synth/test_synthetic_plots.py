"""Tests of synth.synthetic_plots: lesson 10's figures."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.synth import synthetic
from helpers.synth import synthetic_plots as sp
from helpers.ui.plots import color_for


def test_real_vs_synthetic_overlays_two_clouds():
    rng = np.random.default_rng(0)
    real, fake = rng.normal(size=(30, 2)), rng.normal(size=(40, 2))
    ax = sp.plot_real_vs_synthetic(real, fake, title="T", xlabel="a", ylabel="b")
    synth_pts, real_pts = ax.collections
    np.testing.assert_allclose(real_pts.get_offsets(), real)
    assert len(synth_pts.get_offsets()) == 40
    assert ax.get_title() == "T" and ax.get_xlabel() == "a"
    with pytest.raises(ValueError, match=r"real must have shape \(n, 2\)"):
        sp.plot_real_vs_synthetic(
            np.zeros((3, 4)), fake, title="", xlabel="", ylabel=""
        )


def test_smote_figure_separates_common_rare_and_new_rows():
    X, y = synthetic.imbalanced_blobs(seed=0)
    X_sm, _ = synthetic.smote(X, y, k=5, seed=0)
    ax = sp.plot_smote(X, y, X_sm[len(X) :])
    common, new, rare = ax.collections
    assert len(common.get_offsets()) == 300 and len(rare.get_offsets()) == 15
    assert len(new.get_offsets()) == 285
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "common class",
        "SMOTE rows",
        "rare class (real)",
    ]
    with pytest.raises(ValueError, match="rare class 2 does not occur"):
        sp.plot_smote(X, y, X_sm[len(X) :], rare=2)
    with pytest.raises(ValueError, match="must have the same length"):
        sp.plot_smote(X, y[:-1], X_sm[len(X) :])


def test_dcr_histograms_one_per_sample_set():
    d = {"test digits": np.linspace(0, 2, 50), "copies": np.zeros(20)}
    ax = sp.plot_dcr(d, colors={"test digits": "real", "copies": "wrong"})
    assert len(ax.patches) == 2
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(d)
    assert "closest training" in ax.get_title()
    with pytest.raises(ValueError, match="must map"):
        sp.plot_dcr({})
    with pytest.raises(ValueError, match="finite"):
        sp.plot_dcr({"x": np.array([np.nan])})


def test_ratio_curves_mark_the_chosen_ratio(small_grid):
    ax = sp.plot_ratio_curves(small_grid, strength=2.0, ratio=8)
    aug, gen, real_only, chosen = ax.get_lines()
    np.testing.assert_allclose(
        aug.get_ydata(), np.median(small_grid.accuracy["augmented"][:, 1, :], axis=0)
    )
    assert gen.get_color() == color_for("synthetic")
    assert chosen.get_xdata()[0] == 1  # ratio 8 is the second grid point
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0", "8", "32"]
    with pytest.raises(ValueError, match="strength must be in"):
        sp.plot_ratio_curves(small_grid, strength=0.3, ratio=8)


def test_digit_examples_show_one_row_per_source(small_grid):
    ax = sp.plot_digit_examples(small_grid, strength=0.5)
    (image,) = ax.get_images()
    picture = image.get_array()
    assert picture.shape == (2 * 9 - 1, 10 * 9 - 1)
    np.testing.assert_allclose(picture[:8, :8], small_grid.examples["augmented"][0, 0])
    np.testing.assert_allclose(
        picture[9:, 9:17], small_grid.examples["generated"][0, 1]
    )
    assert [t.get_text() for t in ax.get_yticklabels()] == ["augmented", "generated"]
