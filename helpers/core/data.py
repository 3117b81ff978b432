"""Datasets every lesson shares, all offline.

* :func:`load_digits_split` -- scikit-learn's bundled 8x8 digits with a fixed,
  stratified pool/test split (pool 1,257, test 540 at the default 30 % test size).
* :func:`load_bundled` -- the other small sets scikit-learn ships, as DataFrames, and
  :func:`load_split` -- any of them with the same kind of fixed pool/test split.
* :func:`labelled_subset` -- ``n`` labels per class drawn from a pool, for the lessons
  that start with few labels.
* :func:`project_file`, :func:`read_project_file` -- a file the project made under
  ``data/`` (its path, or its bytes), checked against the SHA-256 recorded in
  ``data/SHA256SUMS``; names that leave ``data/`` are refused.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

import numpy as np
import pandas as pd
from sklearn import datasets
from sklearn.model_selection import train_test_split

from helpers.core import config
from helpers.core.validation import (
    check_array,
    check_choice,
    check_int,
    check_labels,
    check_real,
    check_same_length,
)

DIGITS_SPLIT_SEED = 0
"""The seed of the shared digits pool/test split: every lesson sees the same one."""

MANIFEST = "SHA256SUMS"
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")


@dataclass(frozen=True)
class DigitsSplit:
    """The digits pool (to label, train and tune on) and the held-out test set.

    ``X_*`` are flattened 8x8 images, shape ``(n, 64)``, pixel values in [0, 1] when
    ``scaled`` (the raw set stores 0..16). ``images_*`` are the same pixels as
    ``(n, 8, 8)``.
    """

    X_pool: np.ndarray
    y_pool: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    scaled: bool

    def __post_init__(self) -> None:
        _check_parts(self)
        check_labels("y_pool", self.y_pool)
        check_labels("y_test", self.y_test)

    @property
    def images_pool(self) -> np.ndarray:
        return self.X_pool.reshape(-1, 8, 8)

    @property
    def images_test(self) -> np.ndarray:
        return self.X_test.reshape(-1, 8, 8)

    @property
    def n_classes(self) -> int:
        return int(np.unique(self.y_pool).size)

    def __repr__(self) -> str:
        return (
            f"DigitsSplit(pool={len(self.y_pool)}, test={len(self.y_test)}, "
            f"classes={self.n_classes}, scaled={self.scaled})"
        )


def _check_parts(split: DigitsSplit | PoolTestSplit) -> None:
    """A split's arrays: finite 2-D features and 1-D targets of matching lengths."""
    for part in ("pool", "test"):
        X = check_array(f"X_{part}", getattr(split, f"X_{part}"), ndim=2)
        y = check_array(f"y_{part}", getattr(split, f"y_{part}"), ndim=1)
        check_same_length(**{f"X_{part}": X, f"y_{part}": y})


def load_digits_split(*, test_size: float = 0.3, scaled: bool = True) -> DigitsSplit:
    """The shared digits split: stratified, seeded with :data:`DIGITS_SPLIT_SEED`.

    Parameters
    ----------
    test_size : fraction of the 1,797 images held out for testing, in (0, 1).
    scaled : divide pixels by 16 so they lie in [0, 1].
    """
    test_size = check_real(
        "test_size", test_size, low=0, high=1, open_low=True, open_high=True
    )
    if not isinstance(scaled, bool):
        raise TypeError(f"scaled must be True or False, got {scaled!r}")
    bunch = datasets.load_digits()
    X = bunch.data.astype(np.float64)
    if scaled:
        X = X / 16.0
    X_pool, X_test, y_pool, y_test = train_test_split(
        X,
        bunch.target,
        test_size=test_size,
        stratify=bunch.target,
        random_state=DIGITS_SPLIT_SEED,
    )
    return DigitsSplit(X_pool, y_pool, X_test, y_test, scaled)


_BUNDLED = {
    "iris": datasets.load_iris,
    "wine": datasets.load_wine,
    "breast_cancer": datasets.load_breast_cancer,
    "diabetes": datasets.load_diabetes,
    "digits": datasets.load_digits,
}


def load_bundled(name: str) -> pd.DataFrame:
    """A scikit-learn bundled dataset as a DataFrame with a ``target`` column."""
    check_choice("dataset", name, sorted(_BUNDLED))
    return _BUNDLED[name](as_frame=True).frame


@dataclass(frozen=True)
class PoolTestSplit:
    """A bundled dataset split once into a pool (to train and tune on) and a test."""

    name: str
    X_pool: np.ndarray
    y_pool: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    feature_names: tuple[str, ...]

    def __post_init__(self) -> None:
        _check_parts(self)

    def __repr__(self) -> str:
        return (
            f"PoolTestSplit({self.name!r}, pool={len(self.y_pool)}, "
            f"test={len(self.y_test)}, features={len(self.feature_names)})"
        )


def load_split(name: str, *, test_size: float = 0.3) -> PoolTestSplit:
    """A bundled dataset with a fixed pool/test split, seeded with
    :data:`DIGITS_SPLIT_SEED`; stratified by class for classification sets (all but
    ``diabetes``, a regression set)."""
    check_choice("dataset", name, sorted(_BUNDLED))
    test_size = check_real(
        "test_size", test_size, low=0, high=1, open_low=True, open_high=True
    )
    frame = load_bundled(name)
    X = frame.drop(columns="target").to_numpy(dtype=np.float64)
    y = frame["target"].to_numpy()
    X_pool, X_test, y_pool, y_test = train_test_split(
        X,
        y,
        test_size=test_size,
        stratify=None if name == "diabetes" else y,
        random_state=DIGITS_SPLIT_SEED,
    )
    columns = tuple(str(c) for c in frame.columns if c != "target")
    return PoolTestSplit(name, X_pool, y_pool, X_test, y_test, columns)


def labelled_subset(y: np.ndarray, *, per_class: int, seed: int) -> np.ndarray:
    """Indices of ``per_class`` examples of each class in ``y``, without replacement.

    The result is sorted so it reads well and is reproducible for a given ``seed``.
    """
    y = check_labels("y", y)
    per_class = check_int("per_class", per_class, low=1)
    seed = check_int("seed", seed, low=0)
    classes, counts = np.unique(y, return_counts=True)
    if per_class > counts.min():
        small = classes[counts.argmin()]
        raise ValueError(
            f"per_class={per_class} exceeds the {counts.min()} examples of class "
            f"{small}"
        )
    rng = np.random.default_rng(seed)
    picked = [
        rng.choice(np.flatnonzero(y == c), per_class, replace=False) for c in classes
    ]
    return np.sort(np.concatenate(picked))


# --------------------------------------------------------------------------- files


def sha256_of(path: Path | str) -> str:
    """The SHA-256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_inside(name: object, what: str) -> str:
    """``name`` if it is a plain relative path that stays inside its folder."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{what} must be a non-empty relative path, got {name!r}")
    pure = PurePosixPath(name)
    if (
        pure.is_absolute()
        or PureWindowsPath(name).drive
        or "\\" in name
        or "\0" in name
        or ".." in pure.parts
        or pure.as_posix() != name
    ):
        raise ValueError(
            f"{what} must be a normalised relative path inside data/ (no leading "
            f"'/', no '..', no backslash), got {name!r}"
        )
    return name


def read_manifest(data_dir: Path | str | None = None) -> dict[str, str]:
    """``{relative path: sha256}`` from ``data/SHA256SUMS`` (``sha256sum`` format).

    Raises ``ValueError`` for a malformed line, a duplicate entry or a path that
    would leave the data folder (``/etc/hostname``, ``../x``).
    """
    folder = Path(data_dir) if data_dir is not None else config.DATA_DIR
    manifest = folder / MANIFEST
    if not manifest.is_file():
        return {}
    entries: dict[str, str] = {}
    for lineno, line in enumerate(manifest.read_text().splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{manifest}:{lineno}"
        parts = line.split(maxsplit=1)
        if len(parts) != 2 or not _SHA256.fullmatch(parts[0]):
            raise ValueError(f"{where}: expected '<sha256>  <file>', got {line!r}")
        name = _check_inside(parts[1].removeprefix("*").strip(), f"{where}: path")
        if name in entries:
            raise ValueError(f"{where}: {name!r} is listed twice")
        entries[name] = parts[0].lower()
    return entries


def project_file(name: str, *, data_dir: Path | str | None = None) -> Path:
    """Path of the project-made file ``data/<name>``, after checking its SHA-256.

    ``name`` is relative to the data folder, e.g. ``"tickets.csv"``; it may not leave
    the folder, neither by itself (absolute, ``..``) nor through a symlink.

    Raises
    ------
    ValueError
        If ``name`` leaves the data folder, is not listed in the manifest, is
        missing, or its bytes do not match the recorded hash (the message names the
        file and both hashes).
    """
    path, expected = _listed_path(name, data_dir)
    _check_hash(path, sha256_of(path), expected)
    return path


def read_project_file(name: str, *, data_dir: Path | str | None = None) -> bytes:
    """The bytes of ``data/<name>``, checked as :func:`project_file` does.

    The hash is computed on the very bytes returned, so a file swapped between the
    check and the read cannot slip through.
    """
    path, expected = _listed_path(name, data_dir)
    content = path.read_bytes()
    _check_hash(path, hashlib.sha256(content).hexdigest(), expected)
    return content


def _listed_path(name: str, data_dir: Path | str | None) -> tuple[Path, str]:
    folder = Path(data_dir) if data_dir is not None else config.DATA_DIR
    name = _check_inside(name, "name")
    manifest = read_manifest(folder)
    if name not in manifest:
        raise ValueError(
            f"{name!r} is not listed in {folder / MANIFEST}; listed files: "
            f"{sorted(manifest) or 'none'}"
        )
    root = folder.resolve()
    path = (folder / name).resolve()
    if not path.is_relative_to(root):
        raise ValueError(
            f"data file {folder / name} leaves {root} through a symlink (to {path})"
        )
    if not path.is_file():
        raise ValueError(
            f"data file {folder / name} is listed in {MANIFEST} but missing"
        )
    return path, manifest[name]


def _check_hash(path: Path, actual: str, expected: str) -> None:
    if actual != expected:
        raise ValueError(
            f"data file {path} does not match its recorded SHA-256: expected "
            f"{expected}, got {actual}. Restore it with `git checkout -- {path}` "
            "or, if you changed it on purpose, update data/SHA256SUMS."
        )
