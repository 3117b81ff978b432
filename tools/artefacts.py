"""``make artefacts``: rebuild every artefact shipped in ``data/artefacts/``.

Usage::

    python tools/artefacts.py              # rebuild all, update data/SHA256SUMS
    python tools/artefacts.py --check      # rebuild into a scratch folder, compare
    python tools/artefacts.py NAME ...     # only these

Each artefact is what a lesson computes in normal mode, with fixed seeds: building
runs the lesson's own helper (listed in :data:`ARTEFACTS`) under
``WORKBOOK_BUILD_ARTEFACTS=1``, so the file carries exactly the key the lesson will
ask for. Writing is byte-for-byte reproducible (see :mod:`helpers.core.serialize`):
a rebuild that changes nothing leaves the files, and so git, untouched. ``--check``
reports, per artefact, whether the rebuilt bytes match the shipped ones and, if not,
why: the code or parameters changed (another key), or the computation itself gave
other numbers (the same key, other bytes).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ARTEFACTS: dict[str, str] = {
    # name (as passed to helpers.core.artefacts.shipped) -> "module:function"
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
    from helpers.core import serialize
    from helpers.core.artefacts import artefact_name
    from helpers.core.data import read_manifest

    shipped = read_manifest(ROOT / "data")
    with tempfile.TemporaryDirectory() as scratch:
        rebuilt = build(names, Path(scratch))
        bad = 0
        for name in names:
            rel = artefact_name(name)
            old = shipped.get(rel)
            if old == rebuilt[name]:
                print(f"{name}: identical to the shipped file")
                continue
            bad += 1
            if old is None:
                print(f"{name}: not shipped yet (run `make artefacts`)")
                continue
            old_key = serialize.recorded_key((ROOT / "data" / rel).read_bytes())
            new_key = serialize.recorded_key((Path(scratch) / rel).read_bytes())
            why = (
                "the code or parameters changed (another key): `make artefacts`"
                if old_key != new_key
                else "same key, other numbers: the computation is not deterministic"
            )
            print(f"{name}: DIFFERS from the shipped file; {why}")
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
    start = time.perf_counter()
    hashes = build(names, ROOT / "data")
    update_manifest(hashes)
    print(f"built {len(names)} artefacts in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
