"""Load-or-compute for slow artefacts (trained models, precomputed widget grids).

>>> grid = cached("selftraining_grid", compute_grid, params={"seeds": 5, "version": 1})
computed selftraining_grid in 12.3 s; saved to data/cache/selftraining_grid-3f2a….pkl

The key is the name plus a hash of ``params`` (and fast mode), so changing a
parameter never returns a stale result. Bump a ``"version"`` entry in ``params`` when
the code that computes an artefact changes.
``WORKBOOK_NO_CACHE=1`` recomputes everything.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from helpers.core import config

T = TypeVar("T")
_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


def cache_key(name: str, params: Mapping[str, Any]) -> str:
    """The file stem for ``name`` and ``params``: ``name-<12 hex digits>``."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"name must be letters, digits, '_', '-' or '.', got {name!r}")
    if not isinstance(params, Mapping):
        raise ValueError(f"params must be a mapping, got {type(params).__name__}")
    try:
        blob = json.dumps(
            {"params": dict(params), "fast": config.FAST}, sort_keys=True, default=str
        )
    except TypeError as exc:  # pragma: no cover - default=str makes this rare
        raise ValueError(f"params must be JSON-like: {exc}") from exc
    digest = hashlib.sha256(blob.encode()).hexdigest()[:12]
    return f"{name}-{digest}"


def cached(
    name: str,
    compute: Callable[[], T],
    *,
    params: Mapping[str, Any],
    cache_dir: Path | str | None = None,
    verbose: bool = True,
) -> T:
    """Return the artefact ``name`` for ``params``: loaded, or computed and saved.

    Parameters
    ----------
    name : short identifier, used in the file name.
    compute : called with no arguments when there is no cached copy; its result must
        pickle (NumPy arrays, DataFrames, torch tensors and state dicts all do).
    params : everything the result depends on (seeds, sizes, a code ``version``).
    cache_dir : defaults to :data:`helpers.core.config.CACHE_DIR`.
    verbose : print whether the artefact was loaded or computed, and how long it took.
    """
    if not callable(compute):
        raise ValueError(f"compute must be callable, got {type(compute).__name__}")
    folder = Path(cache_dir) if cache_dir is not None else config.CACHE_DIR
    path = folder / f"{cache_key(name, params)}.pkl"
    use_cache = os.environ.get("WORKBOOK_NO_CACHE", "").strip() not in {"1", "true"}

    if use_cache and path.is_file():
        start = time.perf_counter()
        try:
            with path.open("rb") as fh:
                value = pickle.load(fh)
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError) as exc:
            if verbose:
                print(f"cache file {path.name} is unreadable ({exc}); recomputing")
        else:
            if verbose:
                took = time.perf_counter() - start
                print(f"loaded {name} from cache ({_short(path)}, {took:.2f} s)")
            return value

    start = time.perf_counter()
    value = compute()
    took = time.perf_counter() - start
    folder.mkdir(parents=True, exist_ok=True)
    # Write to a temporary file first so an interrupted run never leaves half a pickle.
    with tempfile.NamedTemporaryFile(dir=folder, suffix=".tmp", delete=False) as fh:
        pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp = Path(fh.name)
    tmp.replace(path)
    if verbose:
        print(f"computed {name} in {took:.1f} s; saved to {_short(path)}")
    return value


def _short(path: Path) -> str:
    try:
        return str(path.relative_to(config.ROOT))
    except ValueError:
        return str(path)
