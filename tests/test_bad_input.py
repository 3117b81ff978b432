"""Every public helper refuses bad input clearly (property-based, with hypothesis).

For every :class:`bad_input.Case` of ``tests/<phase>/bad_inputs.py`` and every
argument it names, hypothesis generates bad values of the argument's kind and calls
the function with that one argument replaced. The call must raise ``ValueError`` or
``TypeError`` within :data:`TIME_LIMIT` seconds. Anything else fails: another
exception (an IndexError deep inside, a MemoryError), a hang, or a silent success.
``test_every_public_callable_has_a_case`` keeps the walk complete.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import signal
import sys
import warnings
from contextlib import contextmanager
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from bad_input import ALWAYS, Case, none_ok, strategy
from hypothesis import HealthCheck, given, settings

import helpers

TIME_LIMIT = 10.0  # seconds per call
EXAMPLES = 6  # bad values per argument (derandomized: the same every run)
TESTS = Path(__file__).resolve().parent


class TookTooLong(Exception):
    """A call ran past :data:`TIME_LIMIT`."""


@contextmanager
def time_limit(seconds: float):
    def alarm(signum, frame):
        raise TookTooLong(f"no answer within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def phase_files() -> list[Path]:
    return sorted(TESTS.glob("*/bad_inputs*.py"))


def load_registry() -> tuple[list[Case], dict[str, str]]:
    cases: list[Case] = []
    exempt: dict[str, str] = {}
    for path in phase_files():
        name = f"{path.stem}_{path.parent.name}"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        cases += module.CASES
        exempt.update(module.EXEMPT)
    return cases, exempt


CASES, EXEMPT = load_registry()


def public_callables() -> set[str]:
    """Dotted names of the public functions and classes defined in helpers modules
    (exceptions and enums aside: they are raised or compared, not called)."""
    found = set()
    for info in pkgutil.walk_packages(helpers.__path__, "helpers."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != info.name:
                continue
            if inspect.isclass(obj) and issubclass(obj, BaseException):
                continue
            if inspect.isfunction(obj) or inspect.isclass(obj):
                found.add(f"{info.name}.{obj.__qualname__}")
    return found


def test_every_public_callable_has_a_case():
    covered = {case.name for case in CASES} | set(EXEMPT)
    missing = sorted(public_callables() - covered)
    assert not missing, (
        f"{len(missing)} public helpers have no bad-input case (add one to "
        "tests/<phase>/bad_inputs.py, or an EXEMPT entry with the reason):\n"
        + "\n".join(missing)
    )
    stale = sorted(covered - public_callables())
    assert not stale, f"cases or exemptions for names that do not exist: {stale}"


def test_exemptions_give_a_reason():
    for name, reason in EXEMPT.items():
        assert len(reason.split()) >= 3, f"{name}: say why it is exempt"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name.removeprefix("helpers."))
def test_the_valid_call_works(case):
    with time_limit(TIME_LIMIT), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        case.func(**case.valid())
    plt.close("all")


PROBES = [(case, arg) for case in CASES for arg in case.kinds]


@pytest.mark.parametrize(
    ("case", "arg"),
    PROBES,
    ids=[f"{c.name.removeprefix('helpers.')}:{a}" for c, a in PROBES],
)
def test_bad_input_is_refused_clearly(case, arg):
    valid = case.valid()
    if arg not in valid:
        pytest.fail(f"{case.name}: the valid call does not pass {arg!r}")
    kind = case.kinds[arg]

    def attempt(bad):
        kwargs = {**case.valid(), arg: bad}
        try:
            with time_limit(TIME_LIMIT), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                case.func(**kwargs)
        except (ValueError, TypeError) as exc:
            assert str(exc), f"{case.name}({arg}={bad!r}) raised an empty message"
        except TookTooLong:
            pytest.fail(f"{case.name}({arg}={bad!r}) ran past {TIME_LIMIT:g} s")
        except Exception as exc:  # noqa: BLE001 - any other exception is the bug
            pytest.fail(
                f"{case.name}({arg}={bad!r}) raised {type(exc).__name__}: {exc}"
            )
        else:
            pytest.fail(f"{case.name}({arg}={bad!r}) accepted a bad {kind} silently")
        finally:
            plt.close("all")

    for bad in ALWAYS.get(kind, ()):
        attempt(bad)

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(bad=strategy(kind, valid[arg], none_ok=none_ok(case.func, arg)))
    def probe(bad):
        attempt(bad)

    probe()
