import matplotlib as mpl
import numpy as np
import pytest

from helpers.ui import plots


def test_known_names_share_a_colour_across_spellings():
    assert plots.color_for("margin") == plots.PALETTE["margin"]
    assert plots.color_for("Least confidence") == plots.PALETTE["least_confidence"]
    assert plots.color_for("raw-pixels") == plots.PALETTE["raw pixels"]


def test_unknown_names_get_a_stable_valid_colour():
    a, b = plots.color_for("my new method"), plots.color_for("my new method")
    assert a == b and mpl.colors.is_color_like(a)
    with pytest.raises(ValueError, match="non-empty string"):
        plots.color_for("  ")


def test_class_colors():
    colours = plots.class_colors(10)
    assert len(colours) == 10 and len(set(colours)) == 10
    assert len(plots.class_colors(12)) == 12
    with pytest.raises(ValueError):
        plots.class_colors(0)


def test_set_theme_changes_rcparams():
    with mpl.rc_context():
        plots.set_theme()
        assert mpl.rcParams["axes.spines.top"] is False


def test_median_band_draws_the_median_and_a_band():
    runs = np.array([[0.0, 1.0, 2.0], [2.0, 3.0, 4.0], [4.0, 5.0, 9.0]])
    ax = plots.median_band([1, 2, 3], runs, label="margin")
    (line,) = ax.get_lines()
    np.testing.assert_allclose(line.get_ydata(), [2.0, 3.0, 4.0])
    assert line.get_color() == plots.color_for("margin")
    assert len(ax.collections) == 1  # the inter-quartile band


def test_median_band_checks_shapes():
    with pytest.raises(ValueError, match=r"shape \(n_seeds, 3\)"):
        plots.median_band([1, 2, 3], np.zeros((2, 4)), label="x")
    with pytest.raises(ValueError, match="band must be"):
        plots.median_band([1], np.zeros((2, 1)), label="x", band=(80, 20))


def test_median_curves_labels_everything():
    ax = plots.median_curves(
        [0, 1],
        {"random": np.zeros((3, 2)), "margin": np.ones((3, 2))},
        title="T",
        xlabel="labels",
        ylabel="accuracy",
    )
    assert ax.get_title() == "T" and ax.get_xlabel() == "labels"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["random", "margin"]


def test_image_grid():
    axes = plots.image_grid(np.zeros((5, 8, 8)), titles=list("abcde"), ncols=3)
    assert axes.size == 6
    assert axes.flat[0].get_title() == "a" and not axes.flat[5].images
    with pytest.raises(ValueError, match=r"shape \(n, h, w\)"):
        plots.image_grid(np.zeros((8, 8)))
    with pytest.raises(ValueError, match="2 titles for 5 images"):
        plots.image_grid(np.zeros((5, 8, 8)), titles=["a", "b"])
