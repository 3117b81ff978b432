"""Artefacts the project ships in ``data/artefacts/``: results that take minutes to
compute (the precomputed grids of lessons 06, 07 and 09), made by ``make artefacts``
so a fresh clone loads them in a second.

A lesson helper asks for one with :func:`shipped`, which returns, in this order:

1. the shipped file ``data/artefacts/<name>.entry``, when it is listed in
   ``data/SHA256SUMS`` with a matching hash and was made for exactly these ``params``
   by the current code (its key, recorded inside, must match :func:`shipped_key`);
2. otherwise the cache (:func:`helpers.core.cache.cached`), computing if needed.

So a shipped artefact is never stale: when its code or parameters change, the lesson
computes the result itself (and says why) until ``make artefacts`` remakes the file.

**The key** covers the name, ``params``, fast mode, the storage format, the library
versions and :func:`closure_digest` of the module that defines ``compute``: the source
of that module and of every helpers module it imports, directly or through others
(function-level imports included). Unlike the cache, which digests the whole package,
an unrelated edit (a plot, another lesson) leaves shipped artefacts valid;
``tests/core/test_artefacts.py`` fails when a shipped artefact no longer matches the
code, naming the command that remakes it.

Files are in the cache's format (:mod:`helpers.core.serialize`): an .npz read with
``allow_pickle=False`` plus JSON, behind a SHA-256; loading runs no code.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from helpers.core import cache, config, serialize
from helpers.core.data import read_project_file

T = TypeVar("T")
FOLDER = "artefacts"
"""Sub-folder of ``data/`` that holds shipped artefacts."""
BUILD_ENV = "WORKBOOK_BUILD_ARTEFACTS"
"""Set by ``make artefacts``: ``1`` makes :func:`shipped` compute and write the
artefact; ``key`` makes it raise :class:`KeyProbe` with the key it would use."""


class KeyProbe(Exception):  # noqa: N818 - a signal, not an error
    """Raised by :func:`shipped` under ``WORKBOOK_BUILD_ARTEFACTS=key``: tells the
    key the artefact would need, without computing anything."""

    def __init__(self, name: str, key: str) -> None:
        super().__init__(f"{name}: {key}")
        self.name, self.key = name, key


def module_file(module: str) -> Path:
    """The source file of a helpers module (``helpers.labels.votes`` -> path)."""
    if not isinstance(module, str):
        raise TypeError(f"module must be a dotted name, got {type(module).__name__}")
    parts = module.split(".")
    if parts[0] != "helpers":
        raise ValueError(f"module must be inside the helpers package, got {module!r}")
    base = cache.PACKAGE_DIR.joinpath(*parts[1:])
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    raise ValueError(f"no helpers module {module!r}")


def _imports(module: str) -> set[str]:
    """The helpers modules that ``module`` imports anywhere in its source."""
    path = module_file(module)
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            if name.split(".")[0] != "helpers":
                continue
            try:
                module_file(name)
            except ValueError:
                continue  # a function or class, not a module
            found.add(name)
    return found


def module_closure(module: str) -> list[str]:
    """``module`` and every helpers module it imports, directly or indirectly."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(_imports(name) - seen)
    return sorted(seen)


@functools.lru_cache(maxsize=64)
def _closure_digest(module: str, stamp: tuple) -> str:
    digest = hashlib.sha256()
    for name in module_closure(module):
        digest.update(name.encode() + b"\0" + module_file(name).read_bytes() + b"\0")
    return digest.hexdigest()


def closure_digest(module: str) -> str:
    """SHA-256 over the sources of :func:`module_closure` of ``module``."""
    stamp = tuple(
        (p.name, p.stat().st_mtime_ns, p.stat().st_size)
        for p in sorted(cache.PACKAGE_DIR.rglob("*.py"))
    )
    return _closure_digest(module, stamp)


def shipped_key(name: str, params: Mapping[str, Any], *, module: str) -> str:
    """The key a shipped artefact must carry to be used (64 hex digits)."""
    cache.key_digest(name, params)  # the same checks of name and params as the cache
    blob = json.dumps(
        {
            "name": name,
            "params": cache.canonical(params),
            "fast": config.FAST,
            "format": serialize.FORMAT,
            "libraries": cache.library_versions(),
            "code": closure_digest(module),
        },
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode()).hexdigest()


def artefact_name(name: str) -> str:
    """The path of ``name``'s shipped file, relative to ``data/``."""
    cache.key_digest(name, {})  # the cache's check of names
    return f"{FOLDER}/{name}{cache.SUFFIX}"


def shipped(
    name: str,
    compute: Callable[[], T],
    *,
    params: Mapping[str, Any],
    verbose: bool = True,
) -> T:
    """The shipped artefact ``name`` if it is current, else the cached one.

    ``compute`` must be defined in a helpers module (its module's closure is the
    code the key covers). Under ``make artefacts`` (``WORKBOOK_BUILD_ARTEFACTS=1``)
    the result is computed and written to ``data/artefacts/<name>.entry``.
    """
    if not callable(compute):
        raise TypeError(f"compute must be callable, got {type(compute).__name__}")
    module = getattr(compute, "__module__", "") or ""
    key = shipped_key(name, params, module=module)
    mode = os.environ.get(BUILD_ENV, "")
    if mode == "key":
        raise KeyProbe(name, key)
    if mode == "1":
        return _build(name, compute, key)
    no_cache = os.environ.get("WORKBOOK_NO_CACHE", "").strip() in {"1", "true"}
    if not no_cache and not config.FAST:
        value, why = _load(name, key)
        if why is None:
            return value
        if verbose and why:
            print(f"shipped {name} not used ({why}); computing it instead")
    return cache.cached(name, compute, params=params, verbose=verbose)


def _load(name: str, key: str) -> tuple[Any, str | None]:
    """(value, None) when the shipped file is usable, else (None, reason or "")."""
    start = time.perf_counter()
    try:
        blob = read_project_file(artefact_name(name))
    except ValueError as exc:
        missing = "not listed" in str(exc) or "missing" in str(exc)
        return None, "" if missing else " ".join(str(exc).split())[:400]
    try:
        value = serialize.loads(blob, key=key)
    except serialize.CorruptEntry:
        return None, "it was made by other code or parameters: `make artefacts`"
    took = time.perf_counter() - start
    size = f"{len(blob) / 1e6:.1f} MB"
    print(
        f"loaded {name} shipped in data/{artefact_name(name)} ({size}, {took:.2f} s;"
        " made by `make artefacts`, WORKBOOK_NO_CACHE=1 recomputes)"
    )
    return value, None


def _build(name: str, compute: Callable[[], T], key: str) -> T:
    start = time.perf_counter()
    value = compute()
    path = config.DATA_DIR / artefact_name(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    cache.write_atomic(path, serialize.dumps(value, key=key))
    took = time.perf_counter() - start
    print(f"built {name} in {took:.1f} s -> data/{artefact_name(name)}")
    return value
