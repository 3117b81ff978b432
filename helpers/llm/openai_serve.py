"""The OpenAI-compatible server process:
``python -m helpers.llm.openai_serve --port 8000 [--model prompting]``.

:func:`workbook_server` starts it in the background with lesson 13's
:class:`~helpers.deploy.server.ModelServer` life cycle (127.0.0.1, a free port, waits
for ``/health``, stopped by ``with``/``stop``/atexit, and it exits by itself when
its parent is gone):

>>> # with workbook_server() as server:
>>> #     OpenAIClient(server.url + "/v1").complete(["Q: 2+3\\nA:"])

``--model`` names the weights: ``prompting`` (lesson 18's prompting model, the
default) or one of lesson 16's sizes (``tiny``, ``small``, ``base``).

Exit codes: 0 after a normal shutdown, 2 when the model cannot be loaded.
"""

from __future__ import annotations

import argparse
import sys

from helpers.core.validation import check_choice, check_real

MODELS = ("prompting", "tiny", "small", "base")
"""Weights the server can serve."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Serve the workbook's GPT (OpenAI API)"
    )
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--model", default="prompting", choices=MODELS)
    parser.add_argument("--parent-pid", type=int, default=None)
    return parser.parse_args(argv)


def load_model(name: str = "prompting"):
    """The :class:`~helpers.llm.harness_lm.LocalLM` of a named model."""
    name = check_choice("name", name, list(MODELS))
    from helpers.llm.harness_lm import LocalLM

    if name == "prompting":
        from helpers.llm.prompting_weights import load_prompting_model

        return LocalLM(load_prompting_model(), name="workbook-prompting")
    from helpers.llm.checkpoints import load_pretrained

    return LocalLM(load_pretrained(name, verbose=False), name=f"workbook-{name}")


def main(argv: list[str] | None = None) -> int:
    """Run the server until it is stopped; returns the exit code."""
    args = parse_args(argv)
    import torch

    from helpers.deploy.serve import run_app
    from helpers.llm.openai_app import create_app

    torch.set_num_threads(1)
    try:
        app = create_app(load_model(args.model))
    except (FileNotFoundError, ValueError, TypeError, RuntimeError) as exc:
        print(f"openai_serve: cannot start: {exc}", file=sys.stderr)
        return 2
    return run_app(app, host=args.host, port=args.port, parent_pid=args.parent_pid)


def workbook_server(model: str = "prompting", *, startup_timeout: float = 120.0):
    """A :class:`~helpers.deploy.server.ModelServer` (not started yet) running this
    module for ``model``; use it in a ``with`` block."""
    from helpers.deploy.server import ModelServer

    model = check_choice("model", model, list(MODELS))
    startup_timeout = check_real(
        "startup_timeout", startup_timeout, low=0, open_low=True, high=600
    )
    return ModelServer(
        None,
        name=f"workbook-{model}",
        module="helpers.llm.openai_serve",
        args=["--model", model],
        startup_timeout=startup_timeout,
    )


if __name__ == "__main__":  # pragma: no cover - run as a process
    sys.exit(main())
