"""Transformation and feature engineering (lesson 03).

* Scaling: :func:`scale` (min-max and standardization written out, statistics from
  reference rows only) and :func:`scaler_comparison` (which models care).
* Encoding: :func:`make_shop_pipeline` on :mod:`helpers.prepare.shop`'s table, whose
  ``city`` effect is not ordered, so label codes mislead a linear model
  (:func:`encoder_comparison`).
* Construction: :func:`construction_comparison` (with and without the basket feature).
* Leakage: :func:`selection_leakage` and :func:`scaling_leakage` score the same model
  with preprocessing fitted on all rows (leaky) and inside a Pipeline fitted on the
  training rows (honest), over seeds.
* PCA: :func:`pca_numpy` written out, :func:`pca_curve` (variance kept, accuracy).

The widget's grid lives in :mod:`helpers.prepare.features_grid`.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.compose import ColumnTransformer
from sklearn.decomposition import PCA
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import MinMaxScaler, OneHotEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier

from helpers.core.validation import (
    check_array,
    check_choice,
    check_int,
    check_labels,
    check_real,
    check_same_length,
    check_seeds,
)
from helpers.prepare.shop import (
    SHOP_CATEGORICAL,
    SHOP_TARGET,
    add_basket_feature,
    check_shop_table,
)

SCALERS = ("none", "min-max", "standard")
ENCODERS = ("one-hot", "label")
MAX_FEATURES = 50_000
"""The most noise features :func:`selection_leakage` draws."""


# ------------------------------------------------------------------------- scaling


def scale(
    X: np.ndarray, *, method: str, reference: np.ndarray | None = None
) -> np.ndarray:
    """Min-max normalise or standardise ``X`` with statistics of ``reference`` rows.

    ``"min-max"``: :math:`(x - \\min) / (\\max - \\min)`; ``"standard"``:
    :math:`(x - \\mu) / \\sigma`. Pass the *training* rows as ``reference`` (default:
    ``X`` itself). Constant columns are left at 0 instead of dividing by zero.
    """
    check_choice("method", method, ("min-max", "standard"))
    X = check_array("X", X, ndim=2)
    ref = X if reference is None else check_array("reference", reference, ndim=2)
    if X.shape[1] != ref.shape[1]:
        raise ValueError(
            f"X and reference must have the same columns, got {X.shape[1]} and "
            f"{ref.shape[1]}"
        )
    if method == "min-max":
        low, spread = ref.min(axis=0), np.ptp(ref, axis=0)
    else:
        low, spread = ref.mean(axis=0), ref.std(axis=0)
    return (X - low) / np.where(spread == 0, 1.0, spread)


def make_scaler(name: str) -> BaseEstimator | str:
    """The scikit-learn transformer for a scaler name (``"none"`` passes through)."""
    check_choice("scaler", name, SCALERS)
    return {
        "none": "passthrough",
        "min-max": MinMaxScaler(),
        "standard": StandardScaler(),
    }[name]


_MODELS = {
    "k-NN": lambda: KNeighborsClassifier(n_neighbors=5),
    "logistic regression": lambda: LogisticRegression(max_iter=300),
    "decision tree": lambda: DecisionTreeClassifier(random_state=0),
}


def scaler_comparison(
    X: np.ndarray,
    y: np.ndarray,
    *,
    models: tuple[str, ...] = tuple(_MODELS),
    seed: int = 0,
) -> pd.DataFrame:
    """5-fold accuracy of each model (rows) after each scaler (columns).

    Logistic regression gets 300 solver iterations; on unscaled inputs it stops before
    converging (the warning is silenced: that slowness is part of what we measure).
    """
    X, y = _check_Xy(X, y)
    if isinstance(models, str) or not models:
        raise ValueError("models must name at least one model")
    for m in models:
        check_choice("model", m, tuple(_MODELS))
    seed = check_int("seed", seed, low=0)
    cv = StratifiedKFold(5, shuffle=True, random_state=seed)
    table: dict[str, list[float]] = {s: [] for s in SCALERS}
    with warnings.catch_warnings():  # unscaled inputs stall the logistic solver
        warnings.simplefilter("ignore", ConvergenceWarning)
        for s in SCALERS:
            for m in models:
                pipe = make_pipeline(make_scaler(s), _MODELS[m]())
                table[s].append(cross_val_score(pipe, X, y, cv=cv).mean())
    return pd.DataFrame(table, index=pd.Index(models, name="model"))


# ------------------------------------------------------------- the shop pipeline


def _encoded(df: pd.DataFrame, categorical: tuple[str, ...]) -> np.ndarray:
    """Numeric columns, then each categorical column as its fixed category code."""
    num = [c for c in df.columns if c not in categorical and c != SHOP_TARGET]
    codes = [df[c].cat.codes.to_numpy() for c in categorical]
    return np.column_stack([df[num].to_numpy(float), *codes])


def make_shop_pipeline(
    df: pd.DataFrame,
    *,
    scaler: str = "standard",
    encoder: str = "one-hot",
    n_components: int | None = None,
    model: BaseEstimator | None = None,
) -> tuple[Pipeline, np.ndarray, np.ndarray]:
    """(pipeline, X, y) for the shop table: ColumnTransformer -> [PCA] -> model.

    Numeric columns get ``scaler``; ``city`` and ``device`` get ``encoder`` (one-hot
    columns, or their label codes as one number each). Everything is fitted inside the
    pipeline, so ``cross_val_score`` fits it on training folds only. ``df`` is the
    shop table (:func:`~helpers.prepare.shop.check_shop_table`), possibly with
    constructed columns.
    """
    check_shop_table(df)
    check_choice("scaler", scaler, SCALERS)
    check_choice("encoder", encoder, ENCODERS)
    if model is not None and not isinstance(model, BaseEstimator):
        raise TypeError(
            f"model must be a scikit-learn estimator, got {type(model).__name__}"
        )
    X = _encoded(df, SHOP_CATEGORICAL)  # (n, n_numeric + 2)
    n_num = X.shape[1] - len(SHOP_CATEGORICAL)
    cat_idx = list(range(n_num, X.shape[1]))
    if encoder == "one-hot":
        cats = [list(range(len(df[c].cat.categories))) for c in SHOP_CATEGORICAL]
        enc: BaseEstimator | str = OneHotEncoder(categories=cats, sparse_output=False)
    else:
        enc = "passthrough"  # the label code 0..k-1 is used as a number
    prep = ColumnTransformer(
        [("num", make_scaler(scaler), list(range(n_num))), ("cat", enc, cat_idx)]
    )
    n_out = n_num + (
        sum(len(c) for c in cats) if encoder == "one-hot" else len(cat_idx)
    )
    steps: list[tuple[str, Any]] = [("prep", prep)]
    if n_components is not None:
        check_int(f"n_components ({encoder} encoding)", n_components, low=1, high=n_out)
        steps.append(("pca", PCA(n_components)))
    steps.append(("model", model or LogisticRegression(solver="newton-cholesky")))
    return Pipeline(steps), X, df[SHOP_TARGET].to_numpy()


def encoder_comparison(df: pd.DataFrame, *, seed: int = 0) -> pd.DataFrame:
    """5-fold accuracy for one-hot vs label codes, for a linear model and a tree."""
    check_shop_table(df)
    cv = StratifiedKFold(5, shuffle=True, random_state=check_int("seed", seed, low=0))
    rows = {}
    for name, factory in [
        ("logistic regression", _MODELS["logistic regression"]),
        ("decision tree", lambda: DecisionTreeClassifier(max_depth=6, random_state=0)),
    ]:
        rows[name] = {}
        for enc in ENCODERS:
            pipe, X, y = make_shop_pipeline(df, encoder=enc, model=factory())
            rows[name][enc] = cross_val_score(pipe, X, y, cv=cv).mean()
    return pd.DataFrame(rows).T.rename_axis("model")


def construction_comparison(df: pd.DataFrame, *, seed: int = 0) -> pd.Series:
    """5-fold accuracy of logistic regression without / with ``log_basket_eur``."""
    check_shop_table(df)
    cv = StratifiedKFold(5, shuffle=True, random_state=check_int("seed", seed, low=0))
    out = {}
    for label, frame in [
        ("table columns", df),
        ("+ log basket", add_basket_feature(df)),
    ]:
        pipe, X, y = make_shop_pipeline(frame)
        out[label] = cross_val_score(pipe, X, y, cv=cv).mean()
    return pd.Series(out, name="accuracy")


# ------------------------------------------------------------------------- leakage


def selection_leakage(
    *,
    n_features: tuple[int, ...] = (10, 100, 1000),
    n_samples: int = 200,
    k: int = 10,
    seeds: Any = range(10),
    test_size: float = 0.3,
) -> pd.DataFrame:
    """Pick the ``k`` best of ``n_features`` pure-noise features; score on a test split.

    Labels are coin flips, so every honest score should sit near 0.5. ``leaky`` selects
    the features on all rows before splitting; ``honest`` selects inside a Pipeline
    fitted on the training rows. Returns one row per (n_features, seed); at most
    :data:`MAX_FEATURES` features and 50 000 samples.
    """
    test_size = check_real(
        "test_size", test_size, low=0, high=1, open_low=True, open_high=True
    )
    k = check_int("k", k, low=1, high=MAX_FEATURES)
    n_features = tuple(
        check_int("n_features", p, low=k, high=MAX_FEATURES)
        for p in check_array("n_features", n_features, ndim=1, dtype=None).tolist()
    )
    n_samples = check_int("n_samples", n_samples, low=20, high=50_000)
    seeds = check_seeds(seeds)
    rows = []
    for p in n_features:
        for seed in seeds:
            rng = np.random.default_rng(seed)
            X = rng.normal(size=(n_samples, p))  # (n_samples, p) pure noise
            y = rng.permutation(np.arange(n_samples) % 2)
            X_sel = SelectKBest(f_classif, k=k).fit_transform(X, y)  # the leak
            leaky, honest = _leaky_and_honest(
                X_sel,
                X,
                y,
                LogisticRegression(),
                make_pipeline(SelectKBest(f_classif, k=k), LogisticRegression()),
                test_size=test_size,
                seed=seed,
            )
            rows.append(
                {"n_features": p, "seed": seed, "leaky": leaky, "honest": honest}
            )
    return _with_inflation(rows)


def scaling_leakage(
    X: np.ndarray,
    y: np.ndarray,
    *,
    seeds: Any = range(10),
    test_size: float = 0.3,
) -> pd.DataFrame:
    """k-NN test accuracy with the scaler fitted on all rows vs on training rows."""
    test_size = check_real(
        "test_size", test_size, low=0, high=1, open_low=True, open_high=True
    )
    X, y = _check_Xy(X, y)
    X_all = StandardScaler().fit_transform(X)  # the leak: test rows shape the scale
    rows = []
    for seed in check_seeds(seeds):
        leaky, honest = _leaky_and_honest(
            X_all,
            X,
            y,
            KNeighborsClassifier(),
            make_pipeline(StandardScaler(), KNeighborsClassifier()),
            test_size=test_size,
            seed=seed,
        )
        rows.append({"seed": seed, "leaky": leaky, "honest": honest})
    return _with_inflation(rows)


def _leaky_and_honest(
    X_leaked: np.ndarray,
    X: np.ndarray,
    y: np.ndarray,
    model: BaseEstimator,
    pipeline: Pipeline,
    *,
    test_size: float,
    seed: int,
) -> tuple[float, float]:
    """Test accuracy of ``model`` on rows preprocessed before the split (leaky) and
    of ``pipeline`` on the raw rows (honest), on the same stratified split."""
    split = {"test_size": test_size, "stratify": y, "random_state": seed}
    a, b, ya, yb = train_test_split(X_leaked, y, **split)
    leaky = model.fit(a, ya).score(b, yb)
    a, b, ya, yb = train_test_split(X, y, **split)
    return float(leaky), float(pipeline.fit(a, ya).score(b, yb))


def _with_inflation(rows: list[dict[str, Any]]) -> pd.DataFrame:
    out = pd.DataFrame(rows)
    out["inflation"] = out["leaky"] - out["honest"]
    return out


def _check_Xy(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """A 2-D feature matrix and its class labels, the same length."""
    X, y = check_array("X", X, ndim=2), check_labels("y", y)
    check_same_length(X=X, y=y)
    return X, y


# ----------------------------------------------------------------------------- PCA


def pca_numpy(
    X: np.ndarray, n_components: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """PCA by SVD: (scores ``(n, k)``, components ``(k, d)``, explained variance ratio).

    Centre the columns, take the SVD :math:`X_c = U S V^T`; the first ``k`` rows of
    :math:`V^T` are the directions of most variance, :math:`X_c V_k` the new features.
    """
    X = check_array("X", X, ndim=2, min_len=2)
    n_components = check_int("n_components", n_components, low=1, high=min(X.shape))
    Xc = X - X.mean(axis=0)  # (n, d)
    _, s, vt = np.linalg.svd(Xc, full_matrices=False)  # s: (min(n, d),)
    ratio = s**2 / np.sum(s**2)
    return Xc @ vt[:n_components].T, vt[:n_components], ratio[:n_components]


def pca_curve(
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_test: np.ndarray,
    y_test: np.ndarray,
    *,
    components: tuple[int, ...] = (2, 5, 10, 20, 40),
) -> pd.DataFrame:
    """Variance kept and test accuracy of PCA(k) -> logistic regression, per k."""
    X_train, y_train = _check_Xy(X_train, y_train)
    X_test, y_test = _check_Xy(X_test, y_test)
    if X_test.shape[1] != X_train.shape[1]:
        raise ValueError(
            f"X_test must have X_train's {X_train.shape[1]} columns, "
            f"got {X_test.shape[1]}"
        )
    components = check_array("components", components, ndim=1, dtype=None).tolist()
    high = min(X_train.shape)
    components = [check_int("component count", k, low=1, high=high) for k in components]
    full = PCA().fit(X_train)
    kept = np.cumsum(full.explained_variance_ratio_)
    rows = []
    for k in components:
        pipe = make_pipeline(PCA(k), LogisticRegression(max_iter=3000))
        acc = pipe.fit(X_train, y_train).score(X_test, y_test)
        rows.append({"n_components": k, "variance_kept": kept[k - 1], "accuracy": acc})
    return pd.DataFrame(rows)
