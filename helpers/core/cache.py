"""Load-or-compute for slow artefacts (trained models, precomputed widget grids).

>>> import tempfile
>>> folder = tempfile.mkdtemp()
>>> squares = cached("squares", lambda: [1, 4, 9], params={"n": 3}, cache_dir=folder)
computed squares in 0.0 s; saved to .../squares-....entry
>>> cached("squares", lambda: [1, 4, 9], params={"n": 3}, cache_dir=folder)
loaded squares from cache (.../squares-....entry, 0.00 s)
[1, 4, 9]

**The key** is a SHA-256 over the name, ``params``, fast mode, the storage
:data:`~helpers.core.serialize.FORMAT`, the versions of Python and of the numerical
libraries, and :func:`code_digest`: the bytes of every file of the ``helpers``
package, plus the source of ``compute`` itself when it is defined outside the
package (a notebook function or lambda). So a changed helper never returns a stale
artefact and nobody has to bump a ``"version"`` by hand. Hashing the whole package
rather than what ``compute`` calls is deliberate: it is simple, cheap (file digests
are memoised by size and modification time) and safe for lambdas such as
``lambda: st.supervised_curve(...)``, whose callees cannot be found reliably (calls
through module attributes, registries, closures). The price is that editing any
helper, even a plot, recomputes every artefact once. Code that a notebook ``compute``
calls in the notebook itself is not digested: pass what it depends on in ``params``.

**Storage** is :mod:`helpers.core.serialize`: arrays in an .npz read with
``allow_pickle=False`` plus a JSON document, behind a SHA-256 digest checked before
anything is parsed. Loading runs no code. Any failure to load (bad digest, truncated,
unparsable, a planted pickle, another format) is a miss: one line is printed and the
artefact is recomputed and overwritten. Unsupported result types raise ``TypeError``
at save time.

**Writes** go to ``<entry>~<host>~<pid>~<random>.tmp`` and are moved into place with
``os.replace``, so readers never see half an entry. Each call first removes temp
files of dead writers: this host's whose process is gone, and any older than
:data:`STALE_TMP_SECONDS`.

Why not ``joblib.Memory``: it checks only the decorated function's own source, not
the helpers it calls (and every lambda is named ``<lambda>``), and it stores results
with pickle, so a planted or corrupted file runs code when loaded. It would also be
a new direct dependency. ``WORKBOOK_NO_CACHE=1`` recomputes everything.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib.metadata
import inspect
import json
import os
import re
import secrets
import socket
import sys
import time
import weakref
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from helpers.core import config, serialize
from helpers.core.validation import check_real

T = TypeVar("T")
_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")
SUFFIX = ".entry"
STALE_TMP_SECONDS = 3600.0
"""Temp files older than this are removed whoever wrote them."""

PACKAGE_DIR = Path(__file__).resolve().parents[1]
_LIBRARIES = ("numpy", "scipy", "pandas", "scikit-learn", "torch")
_HOST = re.sub(r"[^A-Za-z0-9.-]", "-", socket.gethostname()) or "host"
_file_digests: dict[str, tuple[tuple[int, int], str]] = {}
_sources: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


# ------------------------------------------------------------------ the key


def code_digest(compute: Callable[..., Any] | None = None) -> str:
    """SHA-256 of the helpers package files and of ``compute``'s own source when
    ``compute`` is defined outside the package."""
    if compute is not None and not callable(compute):
        raise TypeError(f"compute must be callable, got {type(compute).__name__}")
    digest = hashlib.sha256()
    for rel, path in _package_files():
        stat = os.stat(path)
        stamp = (stat.st_mtime_ns, stat.st_size)
        known = _file_digests.get(path)
        if known is None or known[0] != stamp:
            with open(path, "rb") as fh:
                known = (stamp, hashlib.sha256(fh.read()).hexdigest())
            _file_digests[path] = known
        digest.update(f"{rel}\0{known[1]}\n".encode())
    if compute is not None:
        digest.update(_outside_source(compute).encode())
    return digest.hexdigest()


def _package_files() -> list[tuple[str, str]]:
    """``(path relative to the package, absolute path)`` of every package file."""
    files = []
    root = str(PACKAGE_DIR)
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__" and not d.startswith(".")]
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        files += [
            (n if rel == "." else f"{rel}/{n}", os.path.join(folder, n))
            for n in names
            if not n.startswith(".") and not n.endswith((".pyc", "~", ".tmp"))
        ]
    return sorted(files)


def _outside_source(compute: Callable[..., Any]) -> str:
    """Source (or bytecode fingerprint) of ``compute`` if it lives outside helpers,
    memoised per code object or class (a redefinition makes a new one)."""
    fn = compute
    while isinstance(fn, functools.partial):
        fn = fn.func
    fn = getattr(fn, "__func__", fn)
    target = fn if inspect.isfunction(fn) or inspect.isbuiltin(fn) else type(fn)
    module = getattr(target, "__module__", None) or ""
    if module == "helpers" or module.startswith("helpers."):
        return ""
    memo_key = getattr(target, "__code__", target)
    try:
        return _sources[memo_key]
    except (KeyError, TypeError):
        pass
    try:
        source = inspect.getsource(target)
    except (OSError, TypeError):
        code = getattr(target, "__code__", None)
        name = getattr(target, "__qualname__", repr(target))
        source = f"{module}.{name}" if code is None else _code_fingerprint(code)
    with contextlib.suppress(TypeError):
        _sources[memo_key] = source
    return source


def _code_fingerprint(code: Any) -> str:
    consts = [
        _code_fingerprint(c) if inspect.iscode(c) else repr(c) for c in code.co_consts
    ]
    return f"{code.co_code.hex()}|{code.co_names}|{consts}"


@functools.cache
def library_versions() -> dict[str, str | None]:
    versions: dict[str, str | None] = {
        "python": f"{sys.version_info.major}.{sys.version_info.minor}"
    }
    for name in _LIBRARIES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def canonical(value: Any) -> Any:
    """``params`` as JSON-able data; arrays by content digest (their ``str`` is
    abbreviated, so two different arrays could print alike)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        if value.dtype.hasobject:
            return [canonical(x) for x in value.tolist()]
        data = hashlib.sha256(np.ascontiguousarray(value).tobytes()).hexdigest()
        return {"ndarray": [str(value.dtype), list(value.shape), data]}
    if isinstance(value, Mapping):
        return {str(k): canonical(x) for k, x in value.items()}
    if isinstance(value, list | tuple):
        return [canonical(x) for x in value]
    if isinstance(value, set | frozenset):
        return sorted((canonical(x) for x in value), key=json.dumps)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {
            f.name: canonical(getattr(value, f.name)) for f in dataclasses.fields(value)
        }
        return {type(value).__qualname__: fields}
    return str(value)


def key_digest(
    name: str, params: Mapping[str, Any], *, compute: Callable[..., Any] | None = None
) -> str:
    """The full SHA-256 (64 hex digits) identifying an entry."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"name must be letters, digits, '_', '-' or '.', got {name!r}")
    if not isinstance(params, Mapping):
        raise ValueError(f"params must be a mapping, got {type(params).__name__}")
    blob = json.dumps(
        {
            "name": name,
            "params": canonical(params),
            "fast": config.FAST,
            "format": serialize.FORMAT,
            "libraries": library_versions(),
            "code": code_digest(compute),
        },
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode()).hexdigest()


def cache_key(
    name: str, params: Mapping[str, Any], *, compute: Callable[..., Any] | None = None
) -> str:
    """The file stem for ``name`` and ``params``: ``name-<16 hex digits>``."""
    return f"{name}-{key_digest(name, params, compute=compute)[:16]}"


# ------------------------------------------------------------------ load or compute


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
    compute : called with no arguments when there is no usable cached copy; its
        result must be storable by :mod:`helpers.core.serialize` (arrays, DataFrames,
        tensors and state dicts, built-in containers, helpers dataclasses).
    params : everything the result depends on besides code (seeds, sizes, data).
    cache_dir : defaults to :data:`helpers.core.config.CACHE_DIR`.
    verbose : print whether the artefact was loaded or computed, and how long it
        took. A cache entry that fails to load is reported either way.

    Raises
    ------
    TypeError
        If the computed result holds a type the cache cannot store.
    """
    if not callable(compute):
        raise ValueError(f"compute must be callable, got {type(compute).__name__}")
    folder = Path(cache_dir) if cache_dir is not None else config.CACHE_DIR
    key = key_digest(name, params, compute=compute)
    path = folder / f"{name}-{key[:16]}{SUFFIX}"
    remove_stale_temp_files(folder)
    use_cache = os.environ.get("WORKBOOK_NO_CACHE", "").strip() not in {"1", "true"}

    if use_cache and path.is_file():
        start = time.perf_counter()
        try:
            value = serialize.loads(path.read_bytes(), key=key)
        except Exception as exc:  # every failure to load is a miss
            reason = " ".join(str(exc).split())[:120] or type(exc).__name__
            print(f"cache entry {path.name} is unreadable ({reason}); recomputing")
        else:
            if verbose:
                took = time.perf_counter() - start
                print(f"loaded {name} from cache ({_short(path)}, {took:.2f} s)")
            return value

    start = time.perf_counter()
    value = compute()
    took = time.perf_counter() - start
    blob = serialize.dumps(value, key=key)
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(path, blob)
    if verbose:
        print(f"computed {name} in {took:.1f} s; saved to {_short(path)}")
    return value


def write_atomic(path: Path, blob: bytes) -> None:
    """Write ``blob`` to a temp file beside ``path``, then rename it over ``path``."""
    if not isinstance(path, Path):
        raise TypeError(f"path must be a pathlib.Path, got {type(path).__name__}")
    if not isinstance(blob, bytes):
        raise TypeError(f"blob must be bytes, got {type(blob).__name__}")
    tmp = path.with_name(
        f"{path.name}~{_HOST}~{os.getpid()}~{secrets.token_hex(4)}.tmp"
    )
    try:
        with tmp.open("xb") as fh:
            fh.write(blob)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def remove_stale_temp_files(
    folder: Path | str, *, max_age: float = STALE_TMP_SECONDS
) -> list[Path]:
    """Delete ``*.tmp`` files in ``folder`` left by dead writers; return them.

    A temp file is stale when it is older than ``max_age`` seconds, or when it was
    written on this host by a process that no longer exists.
    """
    if not isinstance(folder, Path | str):
        raise TypeError(f"folder must be a path, got {type(folder).__name__}")
    max_age = check_real("max_age", max_age, low=0.0)
    folder = Path(folder)
    if not folder.is_dir():
        return []
    removed = []
    now = time.time()
    for entry in os.scandir(folder):
        if not entry.name.endswith(".tmp") or not entry.is_file(follow_symlinks=False):
            continue
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > max_age
            if old or not _writer_alive(entry.name):
                Path(entry.path).unlink()
                removed.append(Path(entry.path))
        except FileNotFoundError:  # its writer finished or another cleaner won
            continue
    return removed


def _writer_alive(tmp_name: str) -> bool:
    """False only for a temp file of this host whose writing process is gone."""
    parts = tmp_name[: -len(".tmp")].rsplit("~", 3)
    if len(parts) != 4 or parts[1] != _HOST or not parts[2].isdigit():
        return True  # not ours to judge: only the age rule applies
    pid = int(parts[2])
    if pid <= 0 or os.name == "nt":  # os.kill would terminate on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. PermissionError: it exists, owned by someone else
        return True
    return True


def _short(path: Path) -> str:
    try:
        return str(path.relative_to(config.ROOT))
    except ValueError:
        return str(path)
