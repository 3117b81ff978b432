"""``make bench``: notebook times, widget callback latencies and lesson targets.

Usage::

    python -m benchmarks                      # everything
    python -m benchmarks --only widgets       # notebooks | widgets | targets
    python -m benchmarks --lesson 07          # one lesson's notebook and targets

Prints Markdown tables and writes ``benchmarks/results/latest.json``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import statistics
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from benchmarks.common import Target, control_values

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_LIMITS = {"normal": 60.0, "fast": 20.0}
WIDGET_LIMIT_MS = 100.0


def run_notebook(path: Path, *, fast: bool, cache: str) -> tuple[float, str]:
    """Execute a notebook with ``cache`` as its cache folder; (seconds, "" or error)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    saved = {k: os.environ.get(k) for k in ("WORKBOOK_FAST", "WORKBOOK_CACHE_DIR")}
    os.environ["WORKBOOK_FAST"] = "1" if fast else "0"
    os.environ["WORKBOOK_CACHE_DIR"] = cache
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    error = ""
    try:
        client.execute()
    except Exception as exc:  # report, keep benchmarking the rest
        last = (str(exc).strip().splitlines() or ["(no message)"])[-1]
        error = f"{type(exc).__name__}: {last[:120]}"
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return time.perf_counter() - start, error


def notebook_rows(lesson: str | None) -> list[dict]:
    """Each notebook in normal and fast mode, cold (an empty cache folder, as on a
    fresh clone) and then warm (the same folder, filled by the cold run)."""
    rows = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        if lesson and not path.name.startswith(lesson):
            continue
        row = {"notebook": path.name}
        errors = []
        for mode in ("normal", "fast"):
            with tempfile.TemporaryDirectory() as cache:
                for temperature in ("cold", "warm"):
                    seconds, error = run_notebook(
                        path, fast=mode == "fast", cache=cache
                    )
                    key = f"{mode} {temperature}"
                    row[key] = seconds
                    if error:
                        errors.append(f"{key}: {error}")
            row[f"{mode} ok"] = (
                max(row[f"{mode} cold"], row[f"{mode} warm"]) < NOTEBOOK_LIMITS[mode]
            )
        if errors:
            row["error"] = "; ".join(errors)
        rows.append(row)
        times = " ".join(
            f"{k} {row[k]:.1f} s," for k in row if k.endswith(("cold", "warm"))
        )
        print(f"  {path.name}: {times}", file=sys.stderr)
    return rows


def widget_rows() -> list[dict]:
    import helpers

    rows = []
    for info in pkgutil.walk_packages(helpers.__path__, "helpers."):
        module = importlib.import_module(info.name)
        for name in sorted(dir(module)):
            if not (name.startswith("build_") and name.endswith("_widget")):
                continue
            builder = getattr(module, name)
            if getattr(builder, "__module__", None) != module.__name__:
                continue  # imported from elsewhere; measured there
            start = time.perf_counter()
            try:
                widget = builder()
            except TypeError as exc:
                rows.append(
                    {
                        "widget": f"{info.name.removeprefix('helpers.')}.{name}",
                        "skipped": str(exc),
                    }
                )
                continue
            build_s = time.perf_counter() - start
            latencies = []
            for control in getattr(widget, "controls", {}).values():
                for value in control_values(control) + [control.value]:
                    t0 = time.perf_counter()
                    control.value = value
                    latencies.append(time.perf_counter() - t0)
            row = {
                "widget": f"{info.name.removeprefix('helpers.')}.{name}",
                "build s": build_s,
                "changes": len(latencies),
            }
            if latencies:
                row["median ms"] = 1000 * statistics.median(latencies)
                row["max ms"] = 1000 * max(latencies)
                row["ok"] = row["median ms"] < WIDGET_LIMIT_MS
            rows.append(row)
            print(
                f"  {row['widget']}: {row.get('median ms', float('nan')):.1f} ms",
                file=sys.stderr,
            )
    return rows


def target_rows(lesson: str | None) -> list[Target]:
    targets: list[Target] = []
    for info in sorted(
        pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda i: i.name
    ):
        if not info.name.startswith("bench_"):
            continue
        if lesson and not info.name.startswith(f"bench_{lesson}"):
            continue
        module = importlib.import_module(f"benchmarks.{info.name}")
        start = time.perf_counter()
        try:
            found = module.run()
        except Exception as exc:  # report the failure, go on with the other lessons
            message = f"{type(exc).__name__}: {exc}"[:150]
            found = [
                Target(
                    info.name[6:8],
                    "benchmark raised",
                    "no error",
                    float("nan"),
                    message,
                    False,
                )
            ]
        took = time.perf_counter() - start
        print(f"  {info.name}: {len(found)} targets in {took:.0f} s", file=sys.stderr)
        targets.extend(found)
    return targets


def markdown(rows: list[dict], columns: list[str]) -> str:
    def fmt(v):
        if isinstance(v, bool):
            return "yes" if v else "**NO**"
        if isinstance(v, float):
            return f"{v:.3g}" if abs(v) < 1 else f"{v:.1f}"
        return str(v)

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += [
        "| " + " | ".join(fmt(r.get(c, "")) for c in columns) + " |" for r in rows
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--only", choices=["notebooks", "widgets", "targets"])
    parser.add_argument("--lesson", help="two-digit lesson number, e.g. 07")
    args = parser.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "Agg")
    results: dict[str, list] = {}
    if args.only in (None, "widgets") and not args.lesson:
        print("Widget callbacks ...", file=sys.stderr)
        results["widgets"] = widget_rows()
        print("\n## Widget callbacks (target: median < 100 ms)\n")
        print(
            markdown(
                results["widgets"],
                ["widget", "build s", "changes", "median ms", "max ms", "ok"],
            )
        )
    if args.only in (None, "targets"):
        print("Lesson targets ...", file=sys.stderr)
        targets = target_rows(args.lesson)
        results["targets"] = [asdict(t) for t in targets]
        print("\n## Lesson targets\n")
        print(
            markdown(
                results["targets"],
                ["lesson", "name", "target", "measured", "unit", "passed"],
            )
        )
    if args.only in (None, "notebooks"):
        print("Notebooks (cold then warm cache; normal, fast) ...", file=sys.stderr)
        results["notebooks"] = notebook_rows(args.lesson)
        print(
            "\n## Notebooks (seconds; cold = empty cache as on a fresh clone; "
            "targets: normal < 60, fast < 20)\n"
        )
        columns = ["notebook", "normal cold", "normal warm", "normal ok"]
        columns += ["fast cold", "fast warm", "fast ok", "error"]
        print(markdown(results["notebooks"], columns))
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2, default=str))
    failed = [r for r in results.get("notebooks", []) if r.get("error")]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
