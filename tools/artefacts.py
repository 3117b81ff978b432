"""``make artefacts``: rebuild every artefact shipped in ``data/artefacts/``.

Usage::

    python tools/artefacts.py              # rebuild all, update data/SHA256SUMS
    python tools/artefacts.py --check      # rebuild into a scratch folder, compare
    python tools/artefacts.py NAME ...     # only these

Each artefact is what a lesson computes in normal mode, with fixed seeds: building
runs the lesson's own helper (listed in :data:`ARTEFACTS`) under
``WORKBOOK_BUILD_ARTEFACTS=1``, so the file carries exactly the key the lesson will
ask for. Writing is byte-for-byte reproducible (see :mod:`helpers.core.serialize`),
and the computations are seeded; what differs between two builds is wall-clock time
(fields named ``seconds``). A rebuild whose results equal the shipped ones in every
other field keeps the shipped file, so git sees no change. ``--check`` rebuilds into a
scratch folder and reports, per artefact: identical byte for byte; the same results
but for timings; or different, and why (the code or parameters changed: another key;
or the same key with other numbers: the computation is not deterministic).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ARTEFACTS: dict[str, str] = {
    # name (as passed to helpers.core.artefacts.shipped) -> "module:function", the
    # zero-argument call the lesson itself makes
    "selftraining_grid": "helpers.labels.selftraining_grid:selftraining_grid",  # 06
    "selftraining_travel": "helpers.labels.selftraining_travel:travel_scores",  # 06
    "active_strategy_grid": "helpers.labels.active_grid:strategy_grid",  # lesson 07
    "active_travel": "helpers.labels.active_travel:travel_curves",  # lesson 07
    "simclr_digits": "helpers.represent.probe:pretrained_run",  # lesson 09
    "contrastive_explorer": "helpers.represent.explorer:explorer_grid",  # lesson 09
    "image_pretext_pairwise": "helpers.represent.image_pretext:pairwise_run",  # 09
    "image_pretext_rotation": "helpers.represent.image_pretext:rotation_run",  # 09
    "image_pretext_rotation2": "helpers.represent.image_pretext:two_turn_run",  # 09
    "synthetic_digits_grid": "helpers.synth.synthetic_digits:digits_grid",  # lesson 10
    "search_comparison": "helpers.evaluate.search:search_comparison",  # lesson 12
    "ensemble_table": "helpers.evaluate.ensembles:ensemble_table",  # lesson 12
    "tuning_optimism": "helpers.evaluate.honest:optimism_runs",  # lesson 12
    "training_families": "helpers.train.families:family_table",  # lesson 11
    "training_grid": "helpers.train.grid:training_grid",  # lesson 11
    "llm_tiny": "helpers.llm.checkpoints:pretrained_tiny",  # lesson 16
    "llm_small": "helpers.llm.checkpoints:pretrained_small",  # lesson 16
    "llm_base": "helpers.llm.checkpoints:pretrained_base",  # lessons 16-18
    "llm_prompting": "helpers.llm.prompting_model:prompting_run",  # lesson 18
    "monitor_drift_grid": "helpers.monitor.drift_grid:drift_grid",  # lesson 14
    "monitor_maintenance": "helpers.monitor.maintenance:maintenance_table",  # 14
    "ft_methods": "helpers.llm.finetune_runs:shipped_methods",  # lesson 17
    "ft_labels": "helpers.llm.finetune_runs:shipped_labels",  # lesson 17
    "ft_tasks": "helpers.llm.finetune_runs:shipped_tasks",  # lesson 17
    "ft_lora_grid": "helpers.llm.finetune_runs:shipped_lora_grid",  # lesson 17
    "ft_instruct": "helpers.llm.finetune_runs:shipped_instruct",  # lesson 17
    "rlhf_runs": "helpers.llm.rlhf_runs:rlhf_runs",  # lesson 18
    "deploy_digits_models": "helpers.deploy.digits_models:train_digits_models",  # 13
    "monitor_captcha_stream": "helpers.monitor.lesson_stream:lesson_stream",  # 14
}
"""The shipped artefacts and the zero-argument helper that makes each one."""


def _setup(mode: str) -> None:
    """Normal mode, build mode: set before helpers is imported (FAST is read then)."""
    os.environ["WORKBOOK_FAST"] = "0"
    os.environ["WORKBOOK_BUILD_ARTEFACTS"] = mode
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("MKL_NUM_THREADS", "1")
    sys.path.insert(0, str(ROOT))


def _producer(name: str):
    module, _, function = ARTEFACTS[name].partition(":")
    return getattr(importlib.import_module(module), function)


def expected_key(name: str) -> str:
    """The key the lesson's helper asks for now (nothing is computed)."""
    from helpers.core.artefacts import KeyProbe

    previous = os.environ.get("WORKBOOK_BUILD_ARTEFACTS")
    os.environ["WORKBOOK_BUILD_ARTEFACTS"] = "key"
    try:
        _producer(name)()
    except KeyProbe as probe:
        if probe.name != name:
            raise RuntimeError(f"{ARTEFACTS[name]} asked for {probe.name!r}") from None
        return probe.key
    finally:
        if previous is None:
            os.environ.pop("WORKBOOK_BUILD_ARTEFACTS", None)
        else:
            os.environ["WORKBOOK_BUILD_ARTEFACTS"] = previous
    raise RuntimeError(f"{ARTEFACTS[name]} did not go through artefacts.shipped")


def build(names: list[str], data_dir: Path) -> dict[str, str]:
    """Build ``names`` into ``data_dir/artefacts``; return their SHA-256s."""
    from helpers import set_threads
    from helpers.core import artefacts, config

    set_threads(1)
    config.DATA_DIR = data_dir
    hashes = {}
    for name in names:
        start = time.perf_counter()
        _producer(name)()
        path = data_dir / artefacts.artefact_name(name)
        hashes[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        took = time.perf_counter() - start
        print(f"  {name}: {path.stat().st_size / 1e6:.1f} MB in {took:.0f} s")
    return hashes


TIMING = ("second",)
"""Fields whose names hold this measure wall-clock time: they differ on every run."""


def differences(old, new, where: str = "value") -> tuple[list[str], int]:
    """(paths where ``old`` and ``new`` differ, number of timing fields skipped).

    Wall-clock timings (fields and keys named like ``seconds``) are skipped; every
    other number must be equal, NaN equal to NaN."""
    import dataclasses

    import numpy as np
    import pandas as pd

    if any(word in where.rsplit(".", 1)[-1] for word in TIMING):
        return [], 1
    if dataclasses.is_dataclass(old) and type(old) is type(new):
        old = {f.name: getattr(old, f.name) for f in dataclasses.fields(old)}
        new = {f.name: getattr(new, f.name) for f in dataclasses.fields(new)}
    if isinstance(old, dict) and isinstance(new, dict):
        if list(old) != list(new):
            return [f"{where}: keys differ"], 0
        found, timing = [], 0
        for key in old:
            f, n = differences(old[key], new[key], f"{where}.{key}")
            found, timing = found + f, timing + n
        return found, timing
    if isinstance(old, list | tuple) and isinstance(new, list | tuple):
        if len(old) != len(new):
            return [f"{where}: lengths differ"], 0
        found, timing = [], 0
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            f, n = differences(a, b, f"{where}[{i}]")
            found, timing = found + f, timing + n
        return found, timing
    if isinstance(old, pd.DataFrame | pd.Series):
        return ([] if old.equals(new) else [f"{where}: frames differ"]), 0
    a, b = np.asarray(old), np.asarray(new)
    same = a.shape == b.shape and (
        np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")
        if a.dtype.kind in "fciub"
        else np.array_equal(a, b)
    )
    return ([] if same else [f"{where}: values differ"]), 0


def same_content(old_path: Path, new_path: Path) -> tuple[bool, str]:
    """Whether two artefact files hold the same results, and in words why not."""
    from helpers.core import serialize

    old_blob, new_blob = old_path.read_bytes(), new_path.read_bytes()
    if old_blob == new_blob:
        return True, "identical to the shipped file, byte for byte"
    old_key, new_key = (
        serialize.recorded_key(old_blob),
        serialize.recorded_key(new_blob),
    )
    if old_key != new_key:
        return False, "the code or parameters changed (another key): `make artefacts`"
    diffs, timing = differences(
        serialize.loads(old_blob, key=old_key), serialize.loads(new_blob, key=new_key)
    )
    if diffs:
        return False, (
            "same key, other numbers (the computation is not deterministic): "
            + "; ".join(diffs[:3])
        )
    fields = "field differs" if timing == 1 else "fields differ"
    return True, f"the same results; only {timing} wall-clock timing {fields}"


def update_manifest(hashes: dict[str, str]) -> None:
    """Write the artefacts' lines of ``data/SHA256SUMS``, keeping every other line."""
    from helpers.core.artefacts import FOLDER, artefact_name

    manifest = ROOT / "data" / "SHA256SUMS"
    kept = [
        line
        for line in manifest.read_text().splitlines()
        if not line.split("  ")[-1].startswith(f"{FOLDER}/")
    ]
    listed = {artefact_name(n): h for n, h in hashes.items()}
    for path in sorted((ROOT / "data" / FOLDER).glob("*.entry")):
        rel = f"{FOLDER}/{path.name}"
        listed.setdefault(rel, hashlib.sha256(path.read_bytes()).hexdigest())
    lines = kept + [f"{h}  {rel}" for rel, h in sorted(listed.items())]
    manifest.write_text("\n".join(lines) + "\n")


def check(names: list[str]) -> int:
    """Rebuild into a scratch folder and compare with the shipped files."""
    from helpers.core.artefacts import artefact_name
    from helpers.core.data import read_manifest

    shipped = read_manifest(ROOT / "data")
    with tempfile.TemporaryDirectory() as scratch:
        build(names, Path(scratch))
        bad = 0
        for name in names:
            rel = artefact_name(name)
            if rel not in shipped:
                bad += 1
                print(f"{name}: not shipped yet (run `make artefacts`)")
                continue
            same, why = same_content(ROOT / "data" / rel, Path(scratch) / rel)
            bad += not same
            print(f"{name}: {why}")
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"default: all of {list(ARTEFACTS)}")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    unknown = set(args.names) - set(ARTEFACTS)
    if unknown:
        parser.error(f"unknown artefacts {sorted(unknown)}; known: {list(ARTEFACTS)}")
    names = args.names or list(ARTEFACTS)
    _setup("1")
    if args.check:
        return check(names)
    from helpers.core.artefacts import artefact_name

    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        hashes = build(names, Path(scratch))
        for name in names:
            rel = artefact_name(name)
            old, new = ROOT / "data" / rel, Path(scratch) / rel
            if old.is_file():
                same, why = same_content(old, new)
                if same:
                    hashes[name] = hashlib.sha256(old.read_bytes()).hexdigest()
                    print(f"{name}: {why}; the shipped file is kept")
                    continue
            old.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(new, old)
            print(f"{name}: written to data/{rel}")
    update_manifest(hashes)
    print(f"built {len(names)} artefacts in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
