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
    assert len(set(plots.class_colors(20))) == 20
    with pytest.raises(ValueError):
        plots.class_colors(0)


def test_class_colors_refuses_more_classes_than_distinct_colours():
    with pytest.raises(ValueError, match=r"n_classes must be an integer in \[1, 20\]"):
        plots.class_colors(10**12)  # returns at once instead of looping for ever
    with pytest.raises(TypeError, match="n_classes must be an integer"):
        plots.class_colors(2.5)


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


def test_image_grid_refuses_zero_columns():
    with pytest.raises(ValueError, match=r"ncols must be an integer in \[1, 1000\]"):
        plots.image_grid(np.zeros((5, 8, 8)), ncols=0)
    with pytest.raises(TypeError, match="ncols must be an integer"):
        plots.image_grid(np.zeros((5, 8, 8)), ncols=2.5)


def test_montage_tiles_images_with_blank_gaps():
    images = np.arange(3 * 2 * 2, dtype=float).reshape(3, 2, 2)
    picture = plots.montage(images, ncols=2)
    assert picture.shape == (2 * 3 - 1, 2 * 3 - 1)
    np.testing.assert_array_equal(picture[:2, :2], images[0])
    np.testing.assert_array_equal(picture[:2, 3:], images[1])
    np.testing.assert_array_equal(picture[3:, :2], images[2])
    assert np.isnan(picture[2]).all() and np.isnan(picture[:, 2]).all()  # gaps
    assert np.isnan(picture[3:, 3:]).all()  # the empty cell
    assert plots.montage(images, ncols=3, gap=0).shape == (2, 6)
    with pytest.raises(ValueError, match="ncols must be an integer in"):
        plots.montage(images, ncols=0)
    with pytest.raises(ValueError, match="images must be 3-D"):
        plots.montage(images[0], ncols=1)


def test_image_rows_draws_labelled_rows_as_one_picture():
    rows = {"a": np.ones((4, 8, 8)), "b": np.zeros((2, 8, 8))}
    ax = plots.image_rows(rows, title="T")
    (image,) = ax.get_images()
    picture = np.ma.getdata(image.get_array())
    assert picture.shape == (2 * 9 - 1, 4 * 9 - 1)
    assert np.isnan(picture[9:, 18:]).all()  # the short row is padded with blanks
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"]
    np.testing.assert_allclose(ax.get_yticks(), [3.5, 12.5])
    assert ax.get_title() == "T"
    with pytest.raises(ValueError, match="one size"):
        plots.image_rows({"a": np.ones((2, 8, 8)), "b": np.ones((2, 4, 4))}, title="")
    with pytest.raises(ValueError, match="rows must map"):
        plots.image_rows({}, title="")
