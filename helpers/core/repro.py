"""Reproducibility: one call seeds every random number generator a lesson uses."""

from __future__ import annotations

import os
import platform
import random
import sys
from importlib import metadata

import numpy as np

from helpers.core import config
from helpers.core.validation import check_int


def set_seeds(seed: int) -> None:
    """Seed Python's ``random``, NumPy's global generator and, if imported, torch.

    torch is seeded when it has already been imported (lessons that use it import it,
    or a helper module that does, in their setup cell before calling this). Lessons that
    never touch torch thus skip its import, which is most of a setup cell's time.
    Helpers still pass explicit ``random_state=`` or ``np.random.default_rng(seed)``
    where they can; this call makes the rest (global draws, torch init) repeat.
    """
    seed = check_int("seed", seed, low=0, high=2**32 - 1)
    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 - seeding the legacy global generator is the point
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.manual_seed(seed)


def set_threads(n: int = 1) -> None:
    """Limit the CPU threads of every pool a lesson uses to ``n``: BLAS and OpenMP
    (NumPy, SciPy, scikit-learn, through threadpoolctl) and torch.

    Call it in a lesson's setup cell. The workbook's models are small: on a 2-core
    laptop, pools of several threads spend more time waking each other than working,
    and a busy second process makes it far worse. Measured on lesson 06 from an empty
    cache: 16.6 s with one thread, 646 s with the default pools while another process
    kept the machine busy. Libraries loaded later (torch imported after this call)
    read the ``OMP_NUM_THREADS`` this sets.
    """
    n = check_int("n", n, low=1, high=1024)
    from threadpoolctl import threadpool_limits

    os.environ["OMP_NUM_THREADS"] = os.environ["MKL_NUM_THREADS"] = str(n)
    threadpool_limits(limits=n)  # kept in force: not used as a context manager
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(n)


_PACKAGES = (
    "numpy",
    "pandas",
    "scikit-learn",
    "matplotlib",
    "seaborn",
    "ipywidgets",
    "jupyterlab",
    "torch",
)


def environment_report() -> dict[str, str]:
    """Versions, CPU threads and fast mode, for a lesson's environment check cell."""
    report = {
        "python": sys.version.split()[0],
        "platform": platform.platform(terse=True),
        "cpu cores": str(os.cpu_count()),
        "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "(not set)"),
        "fast mode": str(config.FAST),
    }
    for name in _PACKAGES:
        try:
            report[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            report[name] = "not installed"
    if "torch" in sys.modules or report["torch"] != "not installed":
        import torch

        report["torch threads"] = str(torch.get_num_threads())
    return report
