"""One Optuna study, several worker processes, one shared storage (lesson 12).

:func:`run_shared_study` creates a study in a SQLite file, starts ``n_workers``
processes (``python -m helpers.evaluate.shared_study``) that each load the study by
name and run their share of the trials, waits for them with a timeout and always
stops them (``finally``). Each worker's sampler reads every finished trial from the
storage, so the workers learn from each other. A team does the same across machines
by giving every worker the URL of a database server instead of the SQLite file
(``postgresql://user:password@host/optuna``); nothing else changes.

Bad settings (an unknown sampler, a storage folder that cannot be written) raise a
``ValueError`` before any process starts.
"""

from __future__ import annotations

import argparse
import atexit
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from helpers.core import config
from helpers.core.validation import (
    check_array,
    check_choice,
    check_int,
    check_real,
    check_same_length,
)

SHARED_SAMPLERS = ("tpe", "random")
"""Samplers a shared study may use (a grid has no use for shared history)."""


def check_storage_folder(folder: str | os.PathLike) -> Path:
    """``folder`` as a Path after proving a file can be created in it."""
    if not isinstance(folder, str | os.PathLike):
        raise TypeError(f"folder must be a path, got {type(folder).__name__}")
    path = Path(folder)
    if not path.is_dir():
        raise ValueError(f"storage folder {str(path)!r} is not an existing folder")
    try:
        with tempfile.NamedTemporaryFile(dir=path, prefix=".probe-"):
            pass
    except OSError as exc:
        raise ValueError(
            f"storage folder {str(path)!r} is not writable ({exc.strerror})"
        ) from None
    return path


def storage_url(folder: str | os.PathLike, *, file_name: str = "study.db") -> str:
    """The SQLite URL of ``folder/file_name`` (the folder is checked first)."""
    path = check_storage_folder(folder)
    if (
        not isinstance(file_name, str)
        or not file_name.endswith(".db")
        or "/" in file_name
    ):
        raise ValueError(
            f"file_name must be a plain name ending in .db, got {file_name!r}"
        )
    return f"sqlite:///{(path / file_name).resolve()}"


def _sampler(name: str, seed: int):
    import optuna

    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed, n_startup_trials=4)
    return optuna.samplers.RandomSampler(seed=seed)


def _storage(url: str):
    import optuna

    # Several processes write one SQLite file: wait for the lock instead of failing.
    return optuna.storages.RDBStorage(
        url, engine_kwargs={"connect_args": {"timeout": 60}}
    )


def _stop(procs: list[subprocess.Popen]) -> None:
    """Kill and reap every worker that is still running."""
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


@dataclass(frozen=True)
class SharedStudyResult:
    """What the workers did: one entry per finished trial, in trial-number order."""

    storage_url: str
    study_name: str
    n_workers: int
    numbers: np.ndarray  # (n_trials,) trial numbers given out by the storage
    workers: np.ndarray  # (n_trials,) which worker ran each trial
    values: np.ndarray  # (n_trials,) validation error of each trial
    seconds: float

    def __post_init__(self) -> None:
        values = check_array("values", self.values, ndim=1, min_len=0)
        check_same_length(numbers=self.numbers, workers=self.workers, values=values)
        check_real("seconds", self.seconds, low=0.0)

    @property
    def best_value(self) -> float:
        return float(np.min(self.values))

    def trials_per_worker(self) -> dict[int, int]:
        ids, counts = np.unique(self.workers, return_counts=True)
        return {int(i): int(c) for i, c in zip(ids, counts, strict=True)}


def run_shared_study(
    folder: str | os.PathLike,
    *,
    n_trials: int = 16,
    n_workers: int = 2,
    sampler: str = "tpe",
    seed: int = 0,
    study_name: str = "lesson12",
    timeout: float = 180.0,
) -> SharedStudyResult:
    """Run ``n_trials`` trials of :func:`helpers.evaluate.search.validation_error`
    split over ``n_workers`` processes that share a SQLite storage in ``folder``.

    Worker ``i`` runs its share with sampler seed ``seed + i``. Processes still
    running after ``timeout`` seconds are killed and a ``TimeoutError`` is raised.
    """
    check_choice("sampler", sampler, SHARED_SAMPLERS)
    n_trials = check_int("n_trials", n_trials, low=1, high=1000)
    n_workers = check_int("n_workers", n_workers, low=1, high=8)
    seed = check_int("seed", seed, low=0)
    timeout = check_real("timeout", timeout, low=0.0, high=3600.0, open_low=True)
    if not isinstance(study_name, str) or not study_name.isidentifier():
        raise ValueError(f"study_name must be a plain identifier, got {study_name!r}")
    url = storage_url(folder)  # ValueError before anything starts
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    optuna.create_study(
        storage=_storage(url),
        study_name=study_name,
        direction="minimize",
        load_if_exists=True,
    )
    shares = [
        n_trials // n_workers + (i < n_trials % n_workers) for i in range(n_workers)
    ]
    env = {**os.environ, "PYTHONPATH": str(config.ROOT), "OMP_NUM_THREADS": "1"}
    start = time.perf_counter()
    procs: list[subprocess.Popen] = []
    atexit.register(_stop, procs)  # backstop if the interpreter exits mid-run
    try:
        for i, share in enumerate(shares):
            cmd = [
                sys.executable, "-m", "helpers.evaluate.shared_study",
                "--storage", url, "--study", study_name, "--trials", str(share),
                "--sampler", sampler, "--seed", str(seed + i), "--worker", str(i),
            ]  # fmt: skip
            procs.append(
                subprocess.Popen(
                    cmd,
                    cwd=config.ROOT,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
        deadline = start + timeout
        for proc in procs:
            left = max(deadline - time.perf_counter(), 0.01)
            try:
                _, err = proc.communicate(timeout=left)
            except subprocess.TimeoutExpired:
                raise TimeoutError(
                    f"the workers did not finish within {timeout:g} s; stopped them"
                ) from None
            if proc.returncode != 0:
                tail = err.strip().splitlines()[-3:]
                raise RuntimeError(f"a worker failed: {' | '.join(tail)}")
    finally:
        _stop(procs)
        atexit.unregister(_stop)
    study = optuna.load_study(study_name=study_name, storage=_storage(url))
    done = sorted(
        (t for t in study.trials if t.value is not None), key=lambda t: t.number
    )
    return SharedStudyResult(
        storage_url=url,
        study_name=study_name,
        n_workers=n_workers,
        numbers=np.array([t.number for t in done], dtype=int),
        workers=np.array([t.user_attrs.get("worker", -1) for t in done], dtype=int),
        values=np.array([t.value for t in done], dtype=float),
        seconds=time.perf_counter() - start,
    )


def worker(
    *,
    storage: str,
    study: str,
    trials: int,
    sampler: str,
    seed: int,
    worker_id: int,
    n_train: int = 300,
) -> None:
    """One worker: load the shared study and run ``trials`` trials of it."""
    check_choice("sampler", sampler, SHARED_SAMPLERS)
    import optuna

    from helpers.evaluate.search import search_data, suggest, validation_error

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    data = search_data(n_train=n_train)
    shared = optuna.load_study(
        study_name=study, storage=_storage(storage), sampler=_sampler(sampler, seed)
    )

    def objective(trial) -> float:
        trial.set_user_attr("worker", worker_id)
        return validation_error(suggest(trial), data)

    shared.optimize(objective, n_trials=trials)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="one worker of a shared Optuna study")
    parser.add_argument("--storage", required=True)
    parser.add_argument("--study", required=True)
    parser.add_argument("--trials", type=int, required=True)
    parser.add_argument("--sampler", default="tpe")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--worker", type=int, default=0)
    args = parser.parse_args(argv)
    from helpers import set_threads

    set_threads(1)
    worker(
        storage=args.storage,
        study=args.study,
        trials=args.trials,
        sampler=args.sampler,
        seed=args.seed,
        worker_id=args.worker,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
