"""Bad-input cases of helpers.core's data, cache, serialize and artefacts modules
(see tests/bad_input.py)."""

import tempfile
from pathlib import Path

import numpy as np
from bad_input import Case

from helpers.core import artefacts, cache, data, serialize
from helpers.core.data import load_digits_split

X = np.zeros((4, 2))
Y = np.array([0, 1, 0, 1])


def _folder() -> Path:
    return Path(tempfile.mkdtemp())


def _blob() -> bytes:
    return serialize.dumps([1, 2], key="k")


CASES = [
    Case(
        data.DigitsSplit,
        lambda: {"X_pool": X, "y_pool": Y, "X_test": X, "y_test": Y, "scaled": True},
        {"X_pool": "array", "y_pool": "shorter", "X_test": "array", "y_test": "labels"},
    ),
    Case(
        data.PoolTestSplit,
        lambda: {
            "name": "iris",
            "X_pool": X,
            "y_pool": Y,
            "X_test": X,
            "y_test": Y,
            "feature_names": ("a", "b"),
        },
        {"X_pool": "array", "y_test": "shorter"},
    ),
    Case(
        data.load_digits_split,
        lambda: {"test_size": 0.3, "scaled": True},
        {"test_size": "prob"},
    ),
    Case(data.load_bundled, lambda: {"name": "iris"}, {"name": "choice"}),
    Case(
        data.load_split,
        lambda: {"name": "iris", "test_size": 0.3},
        {"name": "choice", "test_size": "prob"},
    ),
    Case(
        data.labelled_subset,
        lambda: {"y": np.array([0, 1, 0, 1, 2, 2]), "per_class": 1, "seed": 0},
        {"y": "labels", "per_class": "count", "seed": "index"},
    ),
    Case(
        data.project_file,
        lambda: {"name": "README.md", "data_dir": _listed_dir()},
        {"name": "choice"},
    ),
    Case(
        data.read_project_file,
        lambda: {"name": "README.md", "data_dir": _listed_dir()},
        {"name": "choice"},
    ),
    Case(data.read_manifest, lambda: {"data_dir": _listed_dir()}, {}),
    Case(data.sha256_of, lambda: {"path": _listed_dir() / "README.md"}, {}),
    Case(
        cache.cached,
        lambda: {
            "name": "demo",
            "compute": lambda: [1],
            "params": {"n": 1},
            "cache_dir": _folder(),
            "verbose": False,
        },
        {"compute": "callable", "params": "instance"},  # any identifier names
    ),
    Case(
        cache.key_digest,
        lambda: {"name": "demo", "params": {"n": 1}},
        {"params": "instance"},
    ),
    Case(
        cache.cache_key,
        lambda: {"name": "demo", "params": {"n": 1}},
        {"params": "instance"},
    ),
    Case(cache.code_digest, lambda: {"compute": None}, {}),
    Case(
        cache.write_atomic,
        lambda: {"path": _folder() / "x.entry", "blob": b"abc"},
        {"path": "instance", "blob": "instance"},
    ),
    Case(
        cache.remove_stale_temp_files,
        lambda: {"folder": _folder(), "max_age": 10.0},
        {"max_age": "real"},  # a missing folder holds no temp files
    ),
    Case(
        serialize.dumps,
        lambda: {"value": {"a": np.arange(3)}, "key": "k"},
        {},  # unstorable values: tests/core/test_serialize.py
    ),
    Case(serialize.loads, lambda: {"blob": _blob(), "key": "k"}, {"blob": "instance"}),
    Case(serialize.recorded_key, lambda: {"blob": _blob()}, {"blob": "instance"}),
    Case(
        artefacts.module_file,
        lambda: {"module": "helpers.core.data"},
        {"module": "choice"},
    ),
    Case(
        artefacts.module_closure,
        lambda: {"module": "helpers.core.data"},
        {"module": "choice"},
    ),
    Case(
        artefacts.closure_digest,
        lambda: {"module": "helpers.core.data"},
        {"module": "choice"},
    ),
    Case(
        artefacts.shipped_key,
        lambda: {"name": "demo", "params": {"n": 1}, "module": "helpers.core.data"},
        {"params": "instance", "module": "choice"},
    ),
    Case(artefacts.artefact_name, lambda: {"name": "demo"}, {}),
    Case(
        artefacts.shipped,
        lambda: {"name": "demo", "compute": load_digits_split, "params": {"n": 1}},
        {"compute": "callable", "params": "instance"},  # any identifier names
    ),
]


def _listed_dir() -> Path:
    import hashlib

    folder = _folder()
    (folder / "README.md").write_text("hello\n")
    digest = hashlib.sha256(b"hello\n").hexdigest()
    (folder / "SHA256SUMS").write_text(f"{digest}  README.md\n")
    return folder


EXEMPT = {
    "helpers.core.cache.canonical": (
        "turns any value into a key part; nothing is invalid for it"
    ),
}
