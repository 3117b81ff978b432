"""Tests of labels.selftraining_grid: the grid of runs, its cells and its cache."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.core.data import load_digits_split
from helpers.labels import selftraining as st
from helpers.labels import selftraining_grid as stg

SMALL = stg.GridConfig(
    models=("logistic regression", "3-NN"),
    thresholds=(0.5, 0.99),
    seeds=(0, 1),
    k=20,
    max_rounds=3,
)


@pytest.fixture(scope="module")
def grid():
    return stg.run_grid(SMALL)


def test_grid_shapes(grid):
    shape = (2, 2, 2, 2)  # models, thresholds, modes, seeds
    assert grid.added.shape == (*shape, 3)
    assert grid.class_counts.shape == (*shape, 3, 10)
    assert grid.accuracy.shape == (*shape, 4)
    assert np.array_equal(grid.class_counts.sum(axis=-1), grid.added)
    assert np.all(grid.wrong <= grid.added)


def test_grid_cell_matches_a_direct_run(grid):
    """A grid cell holds exactly what self_train returns for that setting."""
    split, X_val, y_val = st.hold_out_validation(load_digits_split(), per_class=10)
    y = st.partial_labels(split.y_pool, per_class=5, seed=1)
    res = st.self_train(
        split.X_pool,
        y,
        threshold=0.5,
        k=20,
        balanced=True,
        max_rounds=3,
        make_model=st.knn,
        y_true=split.y_pool,
        X_test=split.X_test,
        y_test=split.y_test,
        X_val=X_val,
        y_val=y_val,
    )
    cell = grid.select(model="3-NN", threshold=0.5, balanced=True)
    assert cell.mode == "class-balanced"
    assert np.array_equal(cell.added[1, : res.n_rounds], res.added)
    assert np.array_equal(cell.wrong[1, : res.n_rounds], res.wrong)
    np.testing.assert_allclose(cell.accuracy[1, : res.n_rounds + 1], res.test_accuracy)
    np.testing.assert_allclose(
        cell.val_accuracy[1, : res.n_rounds + 1], res.val_accuracy
    )
    assert len(split.y_test) == 540 - 100  # the validation images left the test set


def test_best_on_validation_is_the_argmax_of_the_validation_medians(grid):
    model, threshold, balanced = grid.best_on_validation()
    best = grid.select(model=model, threshold=threshold, balanced=balanced).val_final
    for m in SMALL.models:
        for b in (False, True):
            finals = grid.final_accuracy(model=m, balanced=b, on="validation")
            assert finals.max() <= best
    # the validation choice reads only val_accuracy: scrambling test scores keeps it
    scrambled = stg.SelfTrainingGrid(
        **{**grid.__dict__, "accuracy": grid.accuracy[..., ::-1].copy()}
    )
    assert scrambled.best_on_validation() == (model, threshold, balanced)
    with pytest.raises(ValueError, match="validation"):
        stg.SelfTrainingGrid(**{**grid.__dict__, "val_accuracy": None}).final_accuracy(
            model="3-NN", balanced=False, on="validation"
        )


def test_plain_uses_the_same_budget_per_round(grid):
    plain = grid.select(model="logistic regression", threshold=0.5, balanced=False)
    balanced = grid.select(model="logistic regression", threshold=0.5, balanced=True)
    assert plain.added.max() <= 20 * 10 and balanced.class_counts.max() <= 20
    assert np.all(balanced.class_counts[:, 0] == 20)  # round 1: k of every digit


def test_low_threshold_adds_more_wrong_labels(grid):
    low = grid.select(model="logistic regression", threshold=0.5, balanced=False)
    high = grid.select(model="logistic regression", threshold=0.99, balanced=False)
    assert low.wrong_total > high.wrong_total
    assert low.pseudo > high.pseudo


def test_cell_summaries_hand_worked():
    counts = np.zeros((2, 2, 3), dtype=int)  # seeds, rounds, classes
    counts[0, 0] = [6, 2, 2]
    counts[1, 0] = [0, 0, 0]
    counts[1, 1] = [1, 1, 2]
    cell = stg.GridCell(
        model="m",
        threshold=0.5,
        mode="plain",
        added=counts.sum(axis=2),
        wrong=np.array([[1, 0], [0, 1]]),
        class_counts=counts,
        accuracy=np.array([[0.5, 0.6, 0.6], [0.5, 0.5, 0.7]]),
        n_fits=np.array([3, 3]),
        seconds=np.array([0.1, 0.2]),
    )
    share = cell.class_share()
    np.testing.assert_allclose(share[0], [0.6, 0.2, 0.2])  # pooled over seeds
    np.testing.assert_allclose(share[1], [0.25, 0.25, 0.5])
    assert cell.largest_share() == pytest.approx(np.median([0.6, 0.5]))
    assert cell.pseudo == 7  # median of 10 and 4 pseudo-labels
    assert cell.final == pytest.approx(0.65) and cell.baseline == 0.5


def test_select_rejects_unknown_values(grid):
    with pytest.raises(ValueError, match="not precomputed"):
        grid.select(model="3-NN", threshold=0.7, balanced=False)
    with pytest.raises(ValueError, match="threshold must be in"):
        grid.select(model="3-NN", threshold=1.2, balanced=False)
    with pytest.raises(ValueError, match="unknown model 'SVM'"):
        grid.select(model="SVM", threshold=0.5, balanced=False)


def test_grid_config_validates():
    with pytest.raises(ValueError, match="threshold must be in"):
        stg.GridConfig(thresholds=(0.5, 1.5))
    with pytest.raises(ValueError, match="unknown base model 'forest'"):
        stg.GridConfig(models=("forest",))
    with pytest.raises(ValueError, match="must not be empty"):
        stg.GridConfig(seeds=())
    with pytest.raises(ValueError, match="seed must be an integer in"):
        stg.GridConfig(seeds=(0, -1))


def test_cached_grid_is_reused(tmp_cache, capsys):
    config = stg.GridConfig(
        models=("3-NN",), thresholds=(0.9,), seeds=(0,), max_rounds=1
    )
    first = stg.selftraining_grid(config)
    second = stg.selftraining_grid(config)
    out = capsys.readouterr().out
    assert "computed selftraining_grid" in out and "loaded selftraining_grid" in out
    assert np.array_equal(first.accuracy, second.accuracy)


def test_final_accuracy_is_the_median_of_the_last_round(grid):
    finals = grid.final_accuracy(model="3-NN", balanced=True)
    expected = [
        np.median(grid.select(model="3-NN", threshold=t, balanced=True).accuracy[:, -1])
        for t in SMALL.thresholds
    ]
    np.testing.assert_allclose(finals, expected)


def test_cells_and_grids_check_their_shapes(grid):
    cell = grid.select(model="3-NN", threshold=0.5, balanced=False)
    fields = {f: getattr(cell, f) for f in cell.__dataclass_fields__}
    with pytest.raises(ValueError, match="accuracy must have shape"):
        stg.GridCell(**{**fields, "accuracy": cell.accuracy[:, :-1]})
    with pytest.raises(ValueError, match="unknown mode 'greedy'"):
        stg.GridCell(**{**fields, "mode": "greedy"})
    arrays = {f: getattr(grid, f) for f in grid.__dataclass_fields__}
    with pytest.raises(ValueError, match="added must have shape"):
        stg.SelfTrainingGrid(**{**arrays, "added": grid.added[:1]})
    with pytest.raises(TypeError, match="config must be a GridConfig"):
        stg.SelfTrainingGrid(**{**arrays, "config": None})
    with pytest.raises(TypeError, match="config must be a GridConfig"):
        stg.run_grid({"models": ("3-NN",)})
    with pytest.raises(ValueError, match=r"k must be an integer in \[1, 1000000\]"):
        stg.GridConfig(k=10**12)
    with pytest.raises(TypeError, match="models must be a tuple"):
        stg.GridConfig(models="3-NN")
