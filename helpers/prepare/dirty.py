"""A dirty table with a known truth, for lesson 02 (data cleaning).

:func:`make_apartments` draws a clean table of apartment sales with meaningful columns;
:func:`corrupt` damages a copy the way real exports are damaged (missing values of
three mechanisms, exact and near duplicates, outliers, inconsistent category spellings,
numbers stored as text with mixed units) and keeps the truth: every cell's clean value
and what, if anything, happened to it. Every cleaning step can then be scored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers.core.validation import (
    check_choice,
    check_frame,
    check_int,
    check_real,
    check_same_length,
)

DISTRICTS = ("Centre", "North", "South", "East", "West")
"""The canonical spellings of the ``district`` column."""

DISTRICT_ALIASES = {"c": "Centre", "center": "Centre", "city centre": "Centre"} | {
    d[0].lower(): d for d in DISTRICTS[1:]
}
"""Abbreviations and variants seen in the dirty data, by their lower-case form."""

NUMERIC = ("area_m2", "rooms", "age_years", "distance_km", "floor", "price_k")
TARGET = "price_k"
COLUMNS = ("district", *NUMERIC)
"""Every column of the apartments table, in order."""

LABELS = {
    "district": "district",
    "area_m2": "living area (m²)",
    "rooms": "rooms",
    "age_years": "building age (years)",
    "distance_km": "distance to the centre (km)",
    "floor": "floor",
    "price_k": "price (k€)",
}
"""Axis labels with units, by column."""

KINDS = ("missing", "outlier", "category", "unit", "type")
"""What can happen to a cell (besides nothing, stored as an empty string)."""


@dataclass(frozen=True)
class DirtConfig:
    """How much of each kind of damage :func:`corrupt` does (shares of the rows).

    Missing values: ``mcar`` blanks ``floor`` completely at random; ``mar`` blanks
    ``age_years`` more often far from the centre (depends on an observed column);
    ``mnar`` blanks ``area_m2`` more often for large apartments (depends on the
    missing value itself). Outliers put one absurd value in a row: an extra digit in
    the area, the sentinel ``999`` as the age, or a price in euros instead of
    thousands. ``exact_dup`` and ``near_dup`` add copies of existing rows.
    """

    mcar: float = 0.10
    mar: float = 0.12
    mnar: float = 0.15
    outliers: float = 0.04
    categories: float = 0.25
    units: float = 0.15
    types: float = 0.10
    exact_dup: float = 0.05
    near_dup: float = 0.05

    def __post_init__(self) -> None:
        for name, value in self.__dict__.items():
            check_real(name, value, low=0.0, high=0.5)


@dataclass(frozen=True)
class DirtyData:
    """The dirty table and its ground truth, aligned on the same row index.

    Attributes
    ----------
    dirty : what arrived: ``distance_km`` and ``floor`` are text columns (object dtype).
    clean : the true value of every cell of ``dirty`` (numbers as floats).
    kind : per cell, ``""`` or one of :data:`KINDS`.
    is_duplicate : rows that repeat an earlier row (the first copy is not flagged).
    duplicate_kind : ``""``, ``"exact"`` or ``"near"`` per row.
    source : the row of the clean table each dirty row came from.
    mechanisms : the missingness mechanism of each column with missing values.
    """

    dirty: pd.DataFrame
    clean: pd.DataFrame
    kind: pd.DataFrame
    is_duplicate: pd.Series
    duplicate_kind: pd.Series
    source: pd.Series
    mechanisms: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("dirty", "clean", "kind"):
            check_frame(getattr(self, name), COLUMNS, name=name)
        for name in ("is_duplicate", "duplicate_kind", "source"):
            value = getattr(self, name)
            if not isinstance(value, pd.Series):
                raise TypeError(
                    f"{name} must be a pandas Series, got {type(value).__name__}"
                )
        check_same_length(
            dirty=self.dirty,
            clean=self.clean,
            kind=self.kind,
            is_duplicate=self.is_duplicate,
            duplicate_kind=self.duplicate_kind,
            source=self.source,
        )

    def mask(self, kind: str) -> pd.DataFrame:
        """Boolean cells that suffered ``kind`` (one of :data:`KINDS`)."""
        check_choice("kind", kind, KINDS)
        return self.kind == kind

    @property
    def outlier_rows(self) -> pd.Series:
        """Rows holding at least one injected outlier."""
        return self.mask("outlier").any(axis=1)

    def summary(self) -> pd.DataFrame:
        """Damaged cells per kind (rows) and column (columns with any damage)."""
        table = pd.DataFrame({k: self.mask(k).sum() for k in KINDS}).T
        return table.loc[:, table.sum() > 0]


def make_apartments(n: int = 1200, *, seed: int = 0) -> pd.DataFrame:
    """A clean table of ``n`` apartment sales; the price is nearly linear in the rest.

    Columns: ``district`` (one of :data:`DISTRICTS`), ``area_m2``, ``rooms``,
    ``age_years``, ``distance_km`` (to the centre), ``floor`` and the target
    ``price_k`` (thousands of euros).
    """
    n = check_int("n", n, low=10, high=1_000_000)
    seed = check_int("seed", seed, low=0)
    rng = np.random.default_rng(seed)
    district = rng.choice(DISTRICTS, n, p=[0.2, 0.2, 0.2, 0.2, 0.2])
    centre = district == "Centre"
    distance = np.where(centre, rng.uniform(0.3, 3.0, n), rng.uniform(2.0, 20.0, n))
    area = np.clip(np.exp(rng.normal(np.log(70), 0.35, n)), 18, 250)
    rooms = np.clip(np.round(area / 25 + rng.normal(0, 0.5, n)), 1, 7)
    age = np.clip(np.round(rng.gamma(2.0, 15.0, n) + 10 * centre), 0, 120)
    floor = np.minimum(rng.geometric(0.25, n) - 1, 20)
    premium = pd.Series(district).map(
        {"Centre": 80, "North": 20, "South": 0, "East": -10, "West": 30}
    )
    price = (
        60
        + 3.2 * area
        + 8 * rooms
        + premium.to_numpy()
        - 6 * distance
        - 0.8 * age
        + 2 * floor
        + rng.normal(0, 25, n)
    )
    return pd.DataFrame(
        {
            "district": district,
            "area_m2": area.round(1),
            "rooms": rooms,
            "age_years": age,
            "distance_km": distance.round(1),
            "floor": floor.astype(float),
            "price_k": np.maximum(price, 30).round(1),
        }
    )


def lesson_tables(
    *,
    n_train: int = 1200,
    n_valid: int = 600,
    seed: int = 0,
    config: DirtConfig | None = None,
) -> tuple[DirtyData, pd.DataFrame]:
    """The lesson's data: a dirty training table (with its truth) and a clean
    validation table from the same generator, to score what the cleaned data teaches.
    """
    n_train = check_int("n_train", n_train, low=10, high=100_000)
    n_valid = check_int("n_valid", n_valid, low=10, high=100_000)
    table = make_apartments(n_train + n_valid, seed=seed)
    data = corrupt(table.iloc[:n_train], config=config, seed=seed)
    return data, table.iloc[n_train:].reset_index(drop=True)


def _pick(rng: np.random.Generator, free: np.ndarray, k: int, w=None) -> np.ndarray:
    """``k`` distinct indices among the ``free`` rows, drawn with weights ``w``."""
    candidates = np.flatnonzero(free)
    k = min(k, candidates.size)
    p = None
    if w is not None:
        p = np.asarray(w, dtype=float)[candidates]
        p = p / p.sum()
    return rng.choice(candidates, k, replace=False, p=p)


def corrupt(
    clean: pd.DataFrame, *, config: DirtConfig | None = None, seed: int = 0
) -> DirtyData:
    """Damage a copy of :func:`make_apartments`'s table; keep the truth.

    Each cell suffers at most one kind of damage, and each requested share is met
    exactly (``round(share * len(clean))`` cells or rows). Duplicates copy damaged
    rows, as a record entered twice would be.
    """
    cfg = DirtConfig() if config is None else config
    if not isinstance(cfg, DirtConfig):
        raise TypeError(f"config must be a DirtConfig, got {type(cfg).__name__}")
    expected = list(COLUMNS)
    check_frame(clean, expected, name="clean")
    seed = check_int("seed", seed, low=0)
    rng = np.random.default_rng(seed)
    n = len(clean)
    clean = clean[expected].reset_index(drop=True)
    dirty = clean.astype(object)
    kind = pd.DataFrame("", index=clean.index, columns=expected)

    def damage(col: str, what: str, share: float, w=None) -> np.ndarray:
        rows = _pick(rng, (kind[col] == "").to_numpy(), round(share * n), w)
        kind.loc[rows, col] = what
        return rows

    # Missing values: three mechanisms.
    z = (clean["area_m2"] - clean["area_m2"].mean()) / clean["area_m2"].std()
    dirty.loc[damage("floor", "missing", cfg.mcar), "floor"] = np.nan
    far = 1 / (1 + np.exp(-(clean["distance_km"] - 10) / 2))
    dirty.loc[damage("age_years", "missing", cfg.mar, 0.05 + far), "age_years"] = np.nan
    dirty.loc[damage("area_m2", "missing", cfg.mnar, np.exp(1.5 * z)), "area_m2"] = (
        np.nan
    )
    # Outliers: one absurd value per chosen row, spread over three columns.
    columns = rng.choice(["area_m2", "age_years", "price_k"], round(cfg.outliers * n))
    for col in sorted(set(columns)):
        free = (kind[col] == "") & (kind != "outlier").all(axis=1)
        for row in _pick(rng, free.to_numpy(), int(np.sum(columns == col))):
            kind.at[row, col] = "outlier"
            value = clean.at[row, col]
            dirty.at[row, col] = {"area_m2": value * 10, "age_years": 999.0}.get(
                col, value * 1000
            )
    # Inconsistent categories: case, spaces, abbreviations.
    for row in damage("district", "category", cfg.categories):
        name = clean.at[row, "district"]
        variants = [name.lower(), name.upper(), f" {name} ", name[0]]
        variants += ["center", "city centre"] if name == "Centre" else []
        dirty.at[row, "district"] = variants[rng.integers(len(variants))]
    # Numbers as text, some in another unit or with a decimal comma.
    dirty["distance_km"] = clean["distance_km"].map(lambda v: f"{v:.1f}")
    for row in damage("distance_km", "unit", cfg.units):
        dirty.at[row, "distance_km"] = f"{clean.at[row, 'distance_km'] * 1000:.0f} m"
    for row in damage("distance_km", "type", cfg.types):
        dirty.at[row, "distance_km"] = f"{clean.at[row, 'distance_km']:.1f}".replace(
            ".", ","
        )
    observed = kind["floor"] != "missing"
    dirty.loc[observed, "floor"] = clean.loc[observed, "floor"].map(
        lambda v: "ground" if v == 0 else str(int(v))
    )
    kind.loc[observed & (clean["floor"] == 0), "floor"] = "type"
    for col in ("area_m2", "rooms", "age_years", "price_k"):
        dirty[col] = dirty[col].astype(float)
    return _add_duplicates(dirty, clean, kind, cfg, rng)


def _add_duplicates(dirty, clean, kind, cfg: DirtConfig, rng) -> DirtyData:
    n = len(dirty)
    exact = _pick(rng, np.ones(n, bool), round(cfg.exact_dup * n))
    near = _pick(rng, np.ones(n, bool), round(cfg.near_dup * n))
    copies = dirty.loc[near].copy()
    # A near duplicate: re-typed by someone else (rounded area, tidied name, a price
    # corrected by a few hundred euros).
    copies["area_m2"] = copies["area_m2"].round(0)
    copies["district"] = copies["district"].str.strip().str.title()
    copies["price_k"] = (
        copies["price_k"] * rng.uniform(0.995, 1.005, len(near))
    ).round(1)
    source = np.concatenate([np.arange(n), exact, near])
    order = rng.permutation(len(source))
    frames = [dirty, dirty.loc[exact], copies]
    all_dirty = pd.concat(frames).iloc[order].reset_index(drop=True)
    all_kind = pd.concat([kind, kind.loc[exact], kind.loc[near]]).iloc[order]
    source = source[order]
    # The first appearance of each source row is the original; later ones duplicate it
    # exactly (same text in every cell) or nearly.
    later = pd.Series(source).duplicated(keep="first").to_numpy()
    first = pd.Series(np.arange(len(source))).groupby(source).transform("first")
    text = np.array([repr(row) for row in all_dirty.itertuples(index=False)])
    same = text == text[first.to_numpy()]
    dup_kind = np.where(later, np.where(same, "exact", "near"), "")
    clean_rows = clean.loc[source].reset_index(drop=True)
    return DirtyData(
        dirty=all_dirty,
        clean=clean_rows,
        kind=all_kind.reset_index(drop=True),
        is_duplicate=pd.Series(later, name="is_duplicate"),
        duplicate_kind=pd.Series(dup_kind, name="duplicate_kind"),
        source=pd.Series(source, name="source"),
        mechanisms={"floor": "MCAR", "age_years": "MAR", "area_m2": "MNAR"},
    )


# ------------------------------------------------------ scores against the truth


def minimal_fix(dirty: pd.DataFrame) -> pd.DataFrame:
    """What a hurried analyst does to make a model run: coerce, then drop NaN rows.

    Text that is not a plain number becomes NaN (``"3400 m"``, ``"3,4"``, ``"ground"``)
    and every row with a NaN goes; names, duplicates and outliers stay as they are.
    ``dirty`` must hold every column of :data:`COLUMNS`.
    """
    check_frame(dirty, COLUMNS, name="dirty")
    out = dirty.copy()
    for col in NUMERIC:
        out[col] = pd.to_numeric(out[col], errors="coerce")
    return out.dropna()


def precision_recall(flagged: pd.Series, actual: pd.Series) -> tuple[float, float]:
    """Precision and recall of boolean ``flagged`` against ``actual`` (same index).

    ``flagged`` may cover a subset of ``actual``'s rows (e.g. after dropping
    duplicates): recall is then measured on those rows. NaN when undefined.
    """
    for name, s in (("flagged", flagged), ("actual", actual)):
        if not isinstance(s, pd.Series) or s.dtype != bool:
            raise ValueError(f"{name} must be a boolean Series")
        if s.empty:
            raise ValueError(f"{name} is empty: it needs at least one row")
    if not flagged.index.isin(actual.index).all():
        raise ValueError("flagged has rows that actual does not know")
    truth = actual.loc[flagged.index]
    tp = int((flagged & truth).sum())
    precision = tp / flagged.sum() if flagged.sum() else float("nan")
    recall = tp / truth.sum() if truth.sum() else float("nan")
    return float(precision), float(recall)


def imputation_rmse(filled: pd.DataFrame, data: DirtyData, *, column: str) -> float:
    """Root mean squared error of the filled cells of ``column`` against the truth."""
    check_frame(filled, name="filled")
    if not isinstance(data, DirtyData):
        raise TypeError(f"data must be a DirtyData, got {type(data).__name__}")
    check_choice("column", column, list(filled.columns))
    if not filled.index.isin(data.clean.index).all():
        raise ValueError("filled has rows that data does not know")
    holes = data.mask("missing")[column].loc[filled.index]
    if not holes.any():
        raise ValueError(f"no missing cells of {column!r} remain in the filled frame")
    error = filled.loc[holes, column] - data.clean.loc[holes[holes].index, column]
    return float(np.sqrt(np.mean(error.to_numpy(dtype=float) ** 2)))


def validation_score(
    train: pd.DataFrame, valid: pd.DataFrame, *, alpha: float = 1.0
) -> float:
    """R² on ``valid`` of a ridge regression for the price trained on ``train``.

    The features are ``train``'s columns (so a dropped column stays dropped): numbers
    standardised, text one-hot encoded (unseen values ignored). Written in NumPy
    because the lesson's widget scores hundreds of plans; it equals scikit-learn's
    ``StandardScaler`` + ``OneHotEncoder`` + ``Ridge(alpha)`` (the tests check).
    ``train`` needs the target and at least one feature column.
    """
    check_frame(train, [TARGET], name="train")
    features = [c for c in train.columns if c != TARGET]
    if not features:
        raise ValueError(f"train must hold at least one feature besides {TARGET!r}")
    check_frame(valid, [*features, TARGET], name="valid")
    alpha = check_real("alpha", alpha, low=0, open_low=True)
    if train[features + [TARGET]].isna().any().any():
        raise ValueError("train has missing values: impute or drop them first")
    numbers = [c for c in features if pd.api.types.is_numeric_dtype(train[c])]
    text = [c for c in features if c not in numbers]
    x = train[numbers].to_numpy(float)  # (n, n_numbers)
    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std == 0] = 1.0
    levels = [np.unique(train[c].to_numpy(str)) for c in text]

    def design(frame: pd.DataFrame) -> np.ndarray:  # (n, n_numbers + n_levels)
        parts = [(frame[numbers].to_numpy(float) - mean) / std]
        for c, lv in zip(text, levels, strict=True):
            parts.append(frame[c].to_numpy(str)[:, None] == lv[None, :])
        return np.hstack(parts).astype(float)

    X, y = design(train), train[TARGET].to_numpy(float)
    X_mean, y_mean = X.mean(axis=0), y.mean()
    Xc = X - X_mean
    w = np.linalg.solve(Xc.T @ Xc + alpha * np.eye(X.shape[1]), Xc.T @ (y - y_mean))
    pred = (design(valid) - X_mean) @ w + y_mean
    truth = valid[TARGET].to_numpy(float)
    return float(1 - np.sum((truth - pred) ** 2) / np.sum((truth - truth.mean()) ** 2))
