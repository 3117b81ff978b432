"""Transformation and feature engineering (lesson 03).

* Scaling: :func:`scale` (min-max and standardization written out, statistics from
  reference rows only) and :func:`scaler_comparison` (which models care).
* Encoding: :func:`make_shop_table`, a seeded table whose ``city`` effect is not
  ordered, so label codes mislead a linear model (:func:`encoder_comparison`).
* Construction: :func:`add_basket_feature` and :func:`construction_comparison`.
* Leakage: :func:`selection_leakage` and :func:`scaling_leakage` score the same model
  with preprocessing fitted on all rows (leaky) and inside a Pipeline fitted on the
  training rows (honest), over seeds.
* The widget: :func:`feature_grid` precomputes every scaler x encoder x PCA setting,
  :func:`feature_result` selects one, :func:`build_features_widget` wires it.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from sklearn.base import BaseEstimator, clone
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

from helpers.core.validation import check_choice, check_frame, check_seeds
from helpers.ui.plots import color_for, label_axes, median_band, new_ax

SCALERS = ("none", "min-max", "standard")
ENCODERS = ("one-hot", "label")
CITIES = ("Beijing", "Chengdu", "Guangzhou", "Hangzhou", "Shanghai", "Wuhan")
DEVICES = ("android", "ios", "web")
# Effects on the log-odds of buying premium: deliberately NOT ordered alphabetically.
_CITY_EFFECT = np.array([1.0, -1.1, 1.2, -0.8, 0.9, -1.2])
_DEVICE_EFFECT = np.array([0.0, 0.4, -0.4])
SHOP_NUMERIC = ("age_years", "income_eur", "visits_per_month", "monthly_spend_eur")
SHOP_CATEGORICAL = ("city", "device")
SHOP_TARGET = "premium"


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
    X = np.asarray(X, dtype=float)
    ref = X if reference is None else np.asarray(reference, dtype=float)
    if X.ndim != 2 or ref.ndim != 2 or X.shape[1] != ref.shape[1] or ref.shape[0] < 1:
        raise ValueError(
            f"X and reference must be 2-D with the same columns, got {X.shape} and "
            f"{ref.shape}"
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
    for m in models:
        check_choice("model", m, tuple(_MODELS))
    cv = StratifiedKFold(5, shuffle=True, random_state=seed)
    table: dict[str, list[float]] = {s: [] for s in SCALERS}
    with warnings.catch_warnings():  # unscaled inputs stall the logistic solver
        warnings.simplefilter("ignore", ConvergenceWarning)
        for s in SCALERS:
            for m in models:
                pipe = make_pipeline(make_scaler(s), _MODELS[m]())
                table[s].append(cross_val_score(pipe, X, y, cv=cv).mean())
    return pd.DataFrame(table, index=pd.Index(models, name="model"))


# ------------------------------------------------------------------ the shop table


def make_shop_table(n_rows: int = 1200, *, seed: int = 0) -> pd.DataFrame:
    """A seeded customer table: who buys a premium membership (``premium`` = 1)?

    Numeric columns live on very different scales (years, euros a year, visits);
    ``city`` changes the odds up and down in no alphabetical order, so its label codes
    0..5 carry no straight-line signal; buying depends on the *average basket*
    (spend per visit), a column the table does not hold.
    """
    if isinstance(n_rows, bool) or not isinstance(n_rows, int) or n_rows < 20:
        raise ValueError(f"n_rows must be an integer >= 20, got {n_rows!r}")
    rng = np.random.default_rng(seed)
    age = rng.integers(18, 76, n_rows)
    income = np.round(rng.lognormal(np.log(60_000), 0.5, n_rows), -2)
    visits = 1 + rng.poisson(rng.lognormal(np.log(5), 0.8, n_rows))
    basket = rng.lognormal(np.log(30), 0.6, n_rows)
    city = rng.integers(0, len(CITIES), n_rows)
    device = rng.integers(0, len(DEVICES), n_rows)

    def z(v: np.ndarray) -> np.ndarray:
        return (v - v.mean()) / v.std()

    logit = (
        1.6 * z(np.log(basket))
        + 0.6 * z(np.log(income))
        - 0.5 * z(age)
        + _CITY_EFFECT[city]
        + _DEVICE_EFFECT[device]
        + 0.5 * rng.logistic(size=n_rows)
    )
    return pd.DataFrame(
        {
            "age_years": age,
            "income_eur": income,
            "visits_per_month": visits,
            "monthly_spend_eur": np.round(visits * basket, 2),
            "city": pd.Categorical(np.asarray(CITIES)[city], categories=CITIES),
            "device": pd.Categorical(np.asarray(DEVICES)[device], categories=DEVICES),
            SHOP_TARGET: (logit > np.median(logit)).astype(int),
        }
    )


def add_basket_feature(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with ``log_basket_eur`` = log(monthly spend / visits)."""
    check_frame(df, ("monthly_spend_eur", "visits_per_month"))
    if (df["visits_per_month"] <= 0).any() or (df["monthly_spend_eur"] <= 0).any():
        raise ValueError("visits_per_month and monthly_spend_eur must be positive")
    out = df.copy()
    out["log_basket_eur"] = np.log(df["monthly_spend_eur"] / df["visits_per_month"])
    return out


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
    pipeline, so ``cross_val_score`` fits it on training folds only.
    """
    check_frame(df, (*SHOP_CATEGORICAL, SHOP_TARGET))
    check_choice("scaler", scaler, SCALERS)
    check_choice("encoder", encoder, ENCODERS)
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
        if not 1 <= n_components <= n_out:
            raise ValueError(
                f"n_components must be in [1, {n_out}] for {encoder} encoding, "
                f"got {n_components}"
            )
        steps.append(("pca", PCA(n_components)))
    steps.append(("model", model or LogisticRegression(solver="newton-cholesky")))
    return Pipeline(steps), X, df[SHOP_TARGET].to_numpy()


def encoder_comparison(df: pd.DataFrame, *, seed: int = 0) -> pd.DataFrame:
    """5-fold accuracy for one-hot vs label codes, for a linear model and a tree."""
    cv = StratifiedKFold(5, shuffle=True, random_state=seed)
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
    cv = StratifiedKFold(5, shuffle=True, random_state=seed)
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
    fitted on the training rows. Returns one row per (n_features, seed).
    """
    if not 0 < test_size < 1:
        raise ValueError(f"test_size must be in (0, 1), got {test_size}")
    if k < 1 or any(p < k for p in n_features):
        raise ValueError(f"need 1 <= k <= every n_features, got k={k}, {n_features}")
    if n_samples < 20:
        raise ValueError(f"n_samples must be at least 20, got {n_samples}")
    rows = []
    for p in n_features:
        for seed in check_seeds(seeds):
            rng = np.random.default_rng(seed)
            X = rng.normal(size=(n_samples, p))  # (n_samples, p) pure noise
            y = rng.permutation(np.arange(n_samples) % 2)
            model = LogisticRegression()
            X_sel = SelectKBest(f_classif, k=k).fit_transform(X, y)  # the leak
            a, b, ya, yb = train_test_split(
                X_sel, y, test_size=test_size, stratify=y, random_state=seed
            )
            leaky = clone(model).fit(a, ya).score(b, yb)
            a, b, ya, yb = train_test_split(
                X, y, test_size=test_size, stratify=y, random_state=seed
            )
            pipe = make_pipeline(SelectKBest(f_classif, k=k), clone(model))
            honest = pipe.fit(a, ya).score(b, yb)
            rows.append(
                {"n_features": p, "seed": seed, "leaky": leaky, "honest": honest}
            )
    out = pd.DataFrame(rows)
    out["inflation"] = out["leaky"] - out["honest"]
    return out


def scaling_leakage(
    X: np.ndarray,
    y: np.ndarray,
    *,
    seeds: Any = range(10),
    test_size: float = 0.3,
) -> pd.DataFrame:
    """k-NN test accuracy with the scaler fitted on all rows vs on training rows."""
    if not 0 < test_size < 1:
        raise ValueError(f"test_size must be in (0, 1), got {test_size}")
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    if X.shape[0] == 0 or X.shape[0] != y.shape[0]:
        raise ValueError(
            f"X and y must be non-empty and aligned, got {X.shape}, {y.shape}"
        )
    rows = []
    for seed in check_seeds(seeds):
        X_all = StandardScaler().fit_transform(X)  # the leak: test rows shape the scale
        a, b, ya, yb = train_test_split(
            X_all, y, test_size=test_size, stratify=y, random_state=seed
        )
        leaky = KNeighborsClassifier().fit(a, ya).score(b, yb)
        a, b, ya, yb = train_test_split(
            X, y, test_size=test_size, stratify=y, random_state=seed
        )
        pipe = make_pipeline(StandardScaler(), KNeighborsClassifier())
        rows.append(
            {"seed": seed, "leaky": leaky, "honest": pipe.fit(a, ya).score(b, yb)}
        )
    out = pd.DataFrame(rows)
    out["inflation"] = out["leaky"] - out["honest"]
    return out


def plot_selection_leakage(results: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Median test accuracy (inter-quartile band) vs number of noise features."""
    ax = new_ax(ax)
    wide = {
        c: results.pivot(index="seed", columns="n_features", values=c)
        for c in ("leaky", "honest")
    }
    x = wide["leaky"].columns.to_numpy()
    median_band(
        x,
        wide["leaky"].to_numpy(),
        label="selected on all rows (leaky)",
        ax=ax,
        color=color_for("wrong"),
        marker="o",
    )
    median_band(
        x,
        wide["honest"].to_numpy(),
        label="selected inside the Pipeline",
        ax=ax,
        color=color_for("correct"),
        marker="o",
    )
    ax.axhline(0.5, color=color_for("baseline"), ls="--", lw=1, label="chance")
    ax.set_xscale("log")
    ax.set_ylim(0.3, 1.0)
    ax.legend(loc="upper left", fontsize="small")
    return label_axes(
        ax,
        title="Feature selection on pure noise",
        xlabel="number of noise features screened (log scale)",
        ylabel="test accuracy",
    )


# ----------------------------------------------------------------------------- PCA


def pca_numpy(
    X: np.ndarray, n_components: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """PCA by SVD: (scores ``(n, k)``, components ``(k, d)``, explained variance ratio).

    Centre the columns, take the SVD :math:`X_c = U S V^T`; the first ``k`` rows of
    :math:`V^T` are the directions of most variance, :math:`X_c V_k` the new features.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] < 2:
        raise ValueError(f"X must be 2-D with at least 2 rows, got shape {X.shape}")
    if not 1 <= n_components <= min(X.shape):
        raise ValueError(
            f"n_components must be in [1, {min(X.shape)}], got {n_components}"
        )
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
    rows = []
    full = PCA().fit(X_train)
    kept = np.cumsum(full.explained_variance_ratio_)
    for k in components:
        if not 1 <= k <= len(kept):
            raise ValueError(
                f"every component count must be in [1, {len(kept)}], got {k}"
            )
        pipe = make_pipeline(PCA(k), LogisticRegression(max_iter=3000))
        acc = pipe.fit(X_train, y_train).score(X_test, y_test)
        rows.append({"n_components": k, "variance_kept": kept[k - 1], "accuracy": acc})
    return pd.DataFrame(rows)
