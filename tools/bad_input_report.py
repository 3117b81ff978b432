"""Count what the bad-input walk does: ``python tools/bad_input_report.py``.

Runs every probe of ``tests/test_bad_input.py`` (the same registries, kinds, fixed
values and derandomized hypothesis draws) and tallies each call: a clean
``ValueError``/``TypeError``, another exception, a silent success, or a call past
the time limit. The test fails on any of the last three; this prints the counts for
a closing note or a review.
"""

from __future__ import annotations

import collections
import os
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("WORKBOOK_FAST", "1")
os.environ.setdefault("MPLBACKEND", "Agg")
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def main() -> int:
    import matplotlib.pyplot as plt
    from bad_input import ALWAYS, none_ok, strategy
    from hypothesis import HealthCheck, given, settings
    from test_bad_input import CASES, EXAMPLES, TIME_LIMIT, TookTooLong, time_limit

    tally: collections.Counter[str] = collections.Counter()
    bad_calls: list[str] = []

    def attempt(case, arg, bad):
        kwargs = {**case.valid(), arg: bad}
        try:
            with time_limit(TIME_LIMIT), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                case.func(**kwargs)
        except (ValueError, TypeError):
            outcome = "clean error"
        except TookTooLong:
            outcome = "hang"
        except Exception:  # noqa: BLE001 - counted, not raised
            outcome = "other exception"
        else:
            outcome = "silent success"
        finally:
            plt.close("all")
        tally[outcome] += 1
        if outcome != "clean error":
            bad_calls.append(f"{outcome}: {case.name}({arg}={bad!r})")

    n_probes = 0
    for case in CASES:
        for arg, kind in case.kinds.items():
            n_probes += 1
            for value in ALWAYS.get(kind, ()):
                attempt(case, arg, value)

            def make_probe(case=case, arg=arg, kind=kind):
                valid = case.valid()[arg]

                @settings(
                    max_examples=EXAMPLES,
                    derandomize=True,
                    deadline=None,
                    database=None,
                    suppress_health_check=list(HealthCheck),
                )
                @given(bad=strategy(kind, valid, none_ok=none_ok(case.func, arg)))
                def probe(bad):
                    attempt(case, arg, bad)

                return probe

            make_probe()()
    modules = {case.name.rsplit(".", 1)[0] for case in CASES}
    print(f"{len(CASES)} cases over {len(modules)} modules, {n_probes} probes")
    print(f"{sum(tally.values())} calls with one bad argument:")
    for outcome in ("clean error", "other exception", "silent success", "hang"):
        print(f"  {outcome}: {tally[outcome]}")
    for line in bad_calls[:20]:
        print("  " + line)
    return 0 if not bad_calls else 1


if __name__ == "__main__":
    raise SystemExit(main())
