import os
import random

import numpy as np
import pytest
import torch

from helpers.core import repro


def draws():
    legacy = np.random.rand(3).tolist()  # noqa: NPY002 - the global generator is tested
    return (random.random(), legacy, torch.rand(3).tolist())


def test_reseeding_repeats_every_generator():
    repro.set_seeds(123)
    first = draws()
    repro.set_seeds(123)
    assert draws() == first


def test_different_seeds_differ():
    repro.set_seeds(1)
    a = draws()
    repro.set_seeds(2)
    b = draws()
    assert a[0] != b[0] and a[1] != b[1] and a[2] != b[2]


@pytest.mark.parametrize(
    ("bad", "error"),
    [(-1, ValueError), (2**32, ValueError), (1.5, TypeError), ("7", TypeError)]
    + [(True, TypeError), (None, TypeError)],
)
def test_bad_seeds_are_rejected(bad, error):
    with pytest.raises(error, match="seed must be"):
        repro.set_seeds(bad)


def test_numpy_integer_seed_is_accepted():
    repro.set_seeds(np.int64(5))
    a = draws()
    repro.set_seeds(5)
    assert draws() == a


def test_set_threads_limits_blas_openmp_and_torch(monkeypatch):
    from threadpoolctl import threadpool_info, threadpool_limits

    monkeypatch.setenv("OMP_NUM_THREADS", "2")
    monkeypatch.setenv("MKL_NUM_THREADS", "2")
    before = torch.get_num_threads()
    with threadpool_limits(limits=None):  # restores the pools afterwards
        try:
            repro.set_threads(1)
            assert torch.get_num_threads() == 1
            assert {pool["num_threads"] for pool in threadpool_info()} == {1}
            assert os.environ["OMP_NUM_THREADS"] == "1"
        finally:
            torch.set_num_threads(before)
    with pytest.raises(ValueError, match=r"n must be an integer in \[1, 1024\]"):
        repro.set_threads(0)


def test_environment_report_names_versions():
    report = repro.environment_report()
    assert report["python"].startswith("3.11")
    assert report["torch"].startswith("2.13.0")
    assert report["fast mode"] == "True"
    assert int(report["cpu cores"]) >= 1


def test_set_seeds_does_not_import_torch():
    import subprocess
    import sys

    probe = (
        "import sys; from helpers.core.repro import set_seeds; set_seeds(1); "
        "print('torch' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "False"
