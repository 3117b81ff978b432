"""The environments: pyproject.toml and environment.yml pin the same versions, torch is
the CPU build, and the version is written in one place."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

import helpers
from helpers.core.config import ROOT


def pyproject_pins() -> dict[str, str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = meta["dependencies"] + meta["optional-dependencies"]["dev"]
    pins = {}
    for spec in specs:
        name, _, version = spec.partition("==")
        assert version, f"{spec!r} in pyproject.toml is not pinned with =="
        pins[name.strip().lower()] = version.strip()
    return pins


def environment_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "environment.yml").read_text().splitlines():
        match = re.match(r"^\s*-\s*([A-Za-z0-9_.\-]+)==([^\s#]+)", line)
        if match:
            pins[match.group(1).lower()] = match.group(2)
    return pins


def test_environment_yml_pins_what_pyproject_pins():
    assert environment_pins() == pyproject_pins()


def test_environment_yml_installs_the_workbook_and_python_311():
    text = (ROOT / "environment.yml").read_text()
    assert re.search(r"^\s*-\s*-e \.\s*$", text, re.M), (
        "environment.yml must `pip -e .`"
    )
    assert re.search(r"^\s*-\s*python=3\.11\s*$", text, re.M)


def test_torch_is_pinned_to_the_cpu_wheel_version():
    assert pyproject_pins()["torch"] == "2.13.0"


def test_nothing_pulled_a_cuda_torch():
    """An unpinned torch drags in several GB of CUDA wheels; the pin prevents it."""
    import torch

    assert torch.version.cuda is None, f"torch {torch.__version__} is a CUDA build"
    nvidia = sorted(
        d.metadata["Name"]
        for d in metadata.distributions()
        if (d.metadata["Name"] or "").lower().startswith(("nvidia-", "triton"))
    )
    assert not nvidia, f"CUDA packages installed: {nvidia}"


def test_the_version_has_one_source():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert metadata.version("ai-lifecycle-workbook") == helpers.__version__
