"""Fast mode reuses the shipped normal-mode artefacts instead of recomputing them.

:func:`helpers.core.artefacts.shipped` reads ``data/artefacts/<name>.entry`` only in
normal mode; in fast mode it computes a smaller version through the cache, which for
the grids of lessons 09-14 costs more than the fast-mode budget. :func:`reuse` closes
that gap: in fast mode it first loads the shipped artefact made for the lesson's
*normal-mode* parameters (the very file normal mode loads, checked the same way:
listed in ``data/SHA256SUMS`` and carrying the key :func:`normal_key` computes), and
only when that file is missing or stale does it call the lesson's own helper (which
computes the small fast-mode version). In normal mode it just calls the helper.

So a fast run shows the same shipped numbers as a normal run, and a lesson's prose
and self-check hold for one set of results. :func:`normal_key` is
:func:`helpers.core.artefacts.shipped_key` with ``fast`` set to False (the tests
check the two agree); the natural home of this module is ``helpers.core.artefacts``.

A producer module must not import this module: its import closure is part of every
key it ships, so callers wrap the producer from another module.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, TypeVar

from helpers.core import artefacts, cache, config, serialize
from helpers.core.data import read_project_file

T = TypeVar("T")


def normal_key(name: str, params: Mapping[str, Any], *, module: str) -> str:
    """The key :func:`helpers.core.artefacts.shipped` asks for in normal mode
    (64 hex digits), whatever mode this process runs in."""
    cache.key_digest(name, params)  # the cache's checks of name and params
    artefacts.module_file(module)  # a helpers module, or ValueError
    blob = json.dumps(
        {
            "name": name,
            "params": cache.canonical(params),
            "fast": False,
            "format": serialize.FORMAT,
            "libraries": cache.library_versions(),
            "code": artefacts.closure_digest(module),
        },
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode()).hexdigest()


def load_normal(name: str, *, params: Mapping[str, Any], module: str) -> Any | None:
    """The shipped normal-mode artefact ``name`` when it is current for ``params``
    and ``module``'s code, else None (missing, unlisted or stale)."""
    key = normal_key(name, params, module=module)
    try:
        blob = read_project_file(artefacts.artefact_name(name))
        return serialize.loads(blob, key=key)
    except (ValueError, OSError, serialize.CorruptEntry):
        return None


def reuse(
    name: str,
    produce: Callable[[], T],
    *,
    normal_params: Mapping[str, Any],
    module: str,
    verbose: bool = True,
) -> T:
    """``produce()`` (the lesson's helper), except in fast mode when the shipped
    normal-mode artefact ``name`` (made by ``module`` with ``normal_params``) is
    current: then that artefact."""
    if not callable(produce):
        raise TypeError(f"produce must be callable, got {type(produce).__name__}")
    if not isinstance(verbose, bool):
        raise TypeError(f"verbose must be True or False, got {verbose!r}")
    if config.FAST:
        value = load_normal(name, params=normal_params, module=module)
        if value is not None:
            if verbose:
                print(
                    f"loaded {name} shipped in data/{artefacts.artefact_name(name)} "
                    "(the normal-mode results, also used in fast mode)"
                )
            return value
    return produce()


def _normal_params(name: str) -> Mapping[str, Any]:
    """The params the producer of ``name`` passes in normal mode, written as its
    normal mode computes them (the tests check each finds its shipped file). Only
    the producer's own module is imported."""
    from helpers.core.validation import check_seeds

    module = importlib.import_module(LESSON_ARTEFACTS[name])
    if name == "simclr_digits":
        return module.main_config(fast=False).as_params()
    if name == "contrastive_explorer":
        return module.ExplorerSpec().as_params()
    if name == "synthetic_digits_grid":
        return {
            "seeds": tuple(check_seeds((0, 1, 2, 3, 4))),
            "ratios": tuple(module.RATIOS),
            "strengths": tuple(float(s) for s in module.STRENGTHS),
            "per_class": 10,
            "vae_steps": 200,
        }
    if name == "search_comparison":
        seeds = check_seeds(range(5), max_seeds=50)
        return {"budget": 36, "seeds": seeds, "n_train": 500}
    if name == "monitor_drift_grid":
        return dict(module.GRID)
    if name == "monitor_maintenance":
        return {"config": module.MaintenanceConfig()}
    if name == "monitor_captcha_stream":
        return {**module.NORMAL_SIZES, "seed": 0}
    if name == "deploy_digits_models":
        fast = module.train_config()
        normal = replace(fast, epochs=15)  # train_config(): pick(15, 4) epochs
        return {"specs": module.SPECS, "n_train": module.N_TRAIN, "config": normal}
    return {
        "training_families": {"epochs": None, "n_train": None},
        "training_grid": {"epochs": 50, "max_train": 1000},
        "ensemble_table": {"n_folds": 5, "n_estimators": 30},
        "tuning_optimism": {"n_seeds": 40, "test_size": 150, "train_size": 300},
    }[name]


LESSON_ARTEFACTS: dict[str, str] = {
    "simclr_digits": "helpers.represent.probe",  # lesson 09
    "contrastive_explorer": "helpers.represent.explorer",  # 09
    "synthetic_digits_grid": "helpers.synth.synthetic_digits",  # 10
    "training_families": "helpers.train.families",  # 11
    "training_grid": "helpers.train.grid",  # 11
    "search_comparison": "helpers.evaluate.search",  # 12
    "ensemble_table": "helpers.evaluate.ensembles",  # 12
    "tuning_optimism": "helpers.evaluate.honest",  # 12
    "monitor_drift_grid": "helpers.monitor.drift_grid",  # 14
    "monitor_maintenance": "helpers.monitor.maintenance",  # 14
    "deploy_digits_models": "helpers.deploy.digits_models",  # 13, 14
    "monitor_captcha_stream": "helpers.monitor.lesson_stream",  # 14
}
"""The shipped artefacts :func:`lesson_artefact` knows the normal-mode call of, and
the module that produces each."""


def lesson_artefact(name: str, produce: Callable[[], T], *, verbose: bool = True) -> T:
    """:func:`reuse` for one of :data:`LESSON_ARTEFACTS`: ``produce`` is the
    lesson's zero-argument helper (e.g. ``synthetic_digits.digits_grid``).

    >>> from helpers.train.families import family_table
    >>> results = lesson_artefact("training_families", family_table, verbose=False)
    >>> type(results).__name__
    'FamilyResults'
    """
    if name not in LESSON_ARTEFACTS:
        raise ValueError(
            f"name must be one of {sorted(LESSON_ARTEFACTS)}, got {name!r}"
        )
    if not callable(produce):
        raise TypeError(f"produce must be callable, got {type(produce).__name__}")
    if not config.FAST:
        return produce()  # normal mode: the producer loads the shipped file itself
    return reuse(
        name,
        produce,
        normal_params=_normal_params(name),
        module=LESSON_ARTEFACTS[name],
        verbose=verbose,
    )
