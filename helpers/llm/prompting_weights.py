"""The shipped prompting model, loaded the same way in normal and fast mode.

:func:`helpers.llm.prompting_model.prompting_run` asks for the artefact with the
current mode's parameters, so in fast mode it would train a 40-step stand-in. The
lesson wants the real model in both modes (loading it takes a fraction of a second),
so this reads ``data/artefacts/llm_prompting.entry`` directly: its SHA-256 checked
against ``data/SHA256SUMS``, no pickle. When the file is missing or damaged it falls
back to :func:`~helpers.llm.prompting_model.prompting_run` (trains; minutes).
"""

from __future__ import annotations

from helpers.core import artefacts, serialize
from helpers.core.data import read_project_file
from helpers.llm.checkpoints import PretrainRun
from helpers.llm.model import GPT, GPTConfig
from helpers.llm.prompting_model import PROMPT_CONFIG, prompting_run


def shipped_prompting_run(*, verbose: bool = False) -> PretrainRun:
    """The shipped training run of the prompting model (in any mode)."""
    name = artefacts.artefact_name("llm_prompting")
    try:
        blob = read_project_file(name)
        run = serialize.loads(blob, key=serialize.recorded_key(blob))
        if not isinstance(run, PretrainRun) or run.config != PROMPT_CONFIG.as_dict():
            raise ValueError("it holds another model")
    except (ValueError, KeyError, RuntimeError, FileNotFoundError) as exc:
        if verbose:
            print(f"shipped {name} not usable ({exc}); training instead")
        return prompting_run()
    return run


def load_prompting_model(*, verbose: bool = False) -> GPT:
    """The shipped prompting :class:`GPT` (eval mode), in normal and fast mode."""
    if not isinstance(verbose, bool):
        raise TypeError(f"verbose must be True or False, got {verbose!r}")
    run = shipped_prompting_run(verbose=verbose)
    model = GPT(GPTConfig(**run.config))
    model.load_state_dict(run.state_dict, strict=True)
    return model.eval()
