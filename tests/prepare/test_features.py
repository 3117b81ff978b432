"""Tests for helpers.prepare.features (lesson 03)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.decomposition import PCA
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from helpers.core.data import load_bundled
from helpers.prepare import features, shop

# ------------------------------------------------------------------------- scaling


@pytest.mark.parametrize(
    ("method", "reference_cls"),
    [("min-max", MinMaxScaler), ("standard", StandardScaler)],
)
def test_scale_matches_sklearn_fitted_on_reference_rows(method, reference_cls):
    rng = np.random.default_rng(1)
    X = rng.normal(5, 3, size=(40, 4)) * [1, 10, 100, 1000]
    train, test = X[:30], X[30:]
    expected = reference_cls().fit(train).transform(test)
    np.testing.assert_allclose(
        features.scale(test, method=method, reference=train), expected
    )


def test_scale_hand_worked_and_constant_column():
    X = np.array([[0.0, 7.0], [5.0, 7.0], [10.0, 7.0]])
    out = features.scale(X, method="min-max")
    np.testing.assert_allclose(out[:, 0], [0.0, 0.5, 1.0])
    np.testing.assert_allclose(out[:, 1], 0.0)  # constant: no division by zero
    z = features.scale(X, method="standard")[:, 0]
    np.testing.assert_allclose(z, [-np.sqrt(1.5), 0.0, np.sqrt(1.5)])


def test_scale_rejects_bad_input():
    with pytest.raises(ValueError, match="unknown method 'robust'"):
        features.scale(np.ones((3, 2)), method="robust")
    with pytest.raises(ValueError, match="same columns"):
        features.scale(np.ones((3, 2)), method="standard", reference=np.ones((3, 3)))
    with pytest.raises(ValueError, match="X must hold finite numbers"):
        features.scale(np.array([[1.0, np.nan]]), method="standard")
    with pytest.raises(ValueError, match="reference must be 2-D"):
        features.scale(np.ones((3, 2)), method="standard", reference=np.ones(2))
    with pytest.raises(ValueError, match="unknown scaler"):
        features.make_scaler("log")


def test_scaler_comparison_trees_do_not_care_knn_does(wine):
    X, y = wine
    table = features.scaler_comparison(X, y, models=("k-NN", "decision tree"))
    assert list(table.columns) == list(features.SCALERS)
    tree = table.loc["decision tree"]
    assert tree.nunique() == 1  # splits on thresholds: any monotone rescaling is equal
    assert table.loc["k-NN", "standard"] - table.loc["k-NN", "none"] > 0.2
    # One cell against a direct scikit-learn computation.
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    ref = cross_val_score(
        make_pipeline(StandardScaler(), KNeighborsClassifier()), X, y, cv=cv
    )
    assert table.loc["k-NN", "standard"] == pytest.approx(ref.mean())
    with pytest.raises(ValueError, match="unknown model"):
        features.scaler_comparison(X, y, models=("svm",))
    with pytest.raises(ValueError, match="X and y must have the same length"):
        features.scaler_comparison(X, y[:-1])
    with pytest.raises(ValueError, match="y must hold integer class labels"):
        features.scaler_comparison(X, y + 0.5)
    with pytest.raises(ValueError, match="seed must be an integer"):
        features.scaler_comparison(X, y, seed=-1)


# --------------------------------------------------------- pipeline, encoders


def test_pipeline_widths_and_fitting_on_training_rows_only(shop_table):
    pipe, X, y = features.make_shop_pipeline(shop_table, encoder="one-hot")
    width = len(shop.SHOP_NUMERIC) + len(shop.CITIES) + len(shop.DEVICES)
    assert pipe.named_steps["prep"].fit_transform(X).shape == (len(shop_table), width)
    pipe, X, y = features.make_shop_pipeline(shop_table, encoder="label")
    assert pipe.named_steps["prep"].fit_transform(X).shape == (len(shop_table), 6)
    # Fitting on a subset learns that subset's statistics (no test rows involved).
    pipe.fit(X[:100], y[:100])
    scaler = pipe.named_steps["prep"].named_transformers_["num"]
    np.testing.assert_allclose(scaler.mean_, X[:100, :4].mean(axis=0))


def test_pipeline_rejects_bad_input(shop_table):
    with pytest.raises(ValueError, match="unknown encoder 'hash'"):
        features.make_shop_pipeline(shop_table, encoder="hash")
    with pytest.raises(ValueError, match=r"n_components .* in \[1, 6\], got 7"):
        features.make_shop_pipeline(shop_table, encoder="label", n_components=7)
    with pytest.raises(TypeError, match="n_components .*must be an integer"):
        features.make_shop_pipeline(shop_table, n_components=2.5)
    with pytest.raises(TypeError, match="model must be a scikit-learn estimator"):
        features.make_shop_pipeline(shop_table, model="logistic")
    with pytest.raises(ValueError, match="empty"):
        features.make_shop_pipeline(shop_table.iloc[:0])
    with pytest.raises(ValueError, match="lacks columns"):
        features.make_shop_pipeline(shop_table.drop(columns="city"))


def test_constructed_feature_helps(shop_table):
    scores = features.construction_comparison(shop_table)
    assert scores["+ log basket"] > scores["table columns"] + 0.02
    with pytest.raises(ValueError, match="seed must be an integer"):
        features.construction_comparison(shop_table, seed=-3)


def test_label_encoding_misleads_the_linear_model(shop_table):
    table = features.encoder_comparison(shop_table)
    lr = table.loc["logistic regression"]
    assert lr["one-hot"] - lr["label"] >= 0.03


# ----------------------------------------------------------------------------- PCA


def test_pca_numpy_matches_sklearn():
    X = load_bundled("wine").drop(columns="target").to_numpy()
    X = features.scale(X, method="standard")
    scores, comps, ratio = features.pca_numpy(X, 3)
    ref = PCA(3).fit(X)
    np.testing.assert_allclose(ratio, ref.explained_variance_ratio_, rtol=1e-10)
    signs = np.sign(np.sum(comps * ref.components_, axis=1))  # SVD signs are arbitrary
    np.testing.assert_allclose(comps * signs[:, None], ref.components_, atol=1e-10)
    np.testing.assert_allclose(scores * signs, ref.transform(X), atol=1e-8)
    with pytest.raises(ValueError, match="n_components must be an integer in"):
        features.pca_numpy(X, 0)
    with pytest.raises(TypeError, match="n_components must be an integer"):
        features.pca_numpy(X, 1.5)
    with pytest.raises(ValueError, match="at least 2 rows"):
        features.pca_numpy(X[:1], 1)


def test_pca_curve_more_components_keep_more():
    from helpers.core.data import load_digits_split

    s = load_digits_split()
    curve = features.pca_curve(
        s.X_pool, s.y_pool, s.X_test, s.y_test, components=(2, 20)
    )
    assert curve["variance_kept"].is_monotonic_increasing
    assert curve["accuracy"].iloc[1] > curve["accuracy"].iloc[0] + 0.2
    with pytest.raises(ValueError, match="component count must be an integer in"):
        features.pca_curve(s.X_pool, s.y_pool, s.X_test, s.y_test, components=(65,))
    with pytest.raises(ValueError, match="X_test must have X_train's 64 columns"):
        features.pca_curve(s.X_pool, s.y_pool, s.X_test[:, :3], s.y_test)


# ------------------------------------------------------------------------- leakage


def test_selection_leakage_inflates_noise_scores():
    res = features.selection_leakage(n_features=(300,), seeds=range(6))
    assert len(res) == 6 and set(res.columns) >= {"leaky", "honest", "inflation"}
    assert res["honest"].median() == pytest.approx(0.5, abs=0.12)  # coin flips
    assert res["inflation"].median() > 0.1
    np.testing.assert_allclose(res["inflation"], res["leaky"] - res["honest"])


def test_selection_leakage_rejects_bad_input():
    with pytest.raises(ValueError, match=r"n_features must be an integer in \[10,"):
        features.selection_leakage(n_features=(5,), k=10)
    with pytest.raises(ValueError, match=r"test_size must be in \(0, 1\)"):
        features.selection_leakage(test_size=1.5)
    with pytest.raises(ValueError, match="test_size must be a finite number"):
        features.selection_leakage(test_size=float("nan"))
    with pytest.raises(ValueError, match="k must be an integer"):
        features.selection_leakage(k=0)
    with pytest.raises(ValueError, match="n_samples must be an integer"):
        features.selection_leakage(n_samples=10**9)
    with pytest.raises(ValueError, match="at least one seed"):
        features.selection_leakage(seeds=[])


def test_scaling_leakage_is_small_on_wine(wine):
    X, y = wine
    res = features.scaling_leakage(X, y, seeds=range(5))
    assert len(res) == 5
    assert abs(res["inflation"].median()) < 0.05
    with pytest.raises(ValueError, match="X must hold at least 1 rows"):
        features.scaling_leakage(X[:0], y[:0])
    with pytest.raises(ValueError, match="test_size must be in"):
        features.scaling_leakage(X, y, test_size=1.0)
