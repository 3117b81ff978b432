"""prompting_weights: the shipped prompting model loads in any mode."""

from __future__ import annotations

from helpers.llm.prompting_model import PROMPT_CONFIG, STEPS
from helpers.llm.prompting_weights import load_prompting_model, shipped_prompting_run


def test_shipped_model_loads_with_its_config_in_any_mode():
    run = shipped_prompting_run()
    assert run.log.steps[-1] in (STEPS - 1, STEPS)
    assert run.log.val_bpc[-1] < run.log.val_bpc[0] / 3  # it learned the task mix
    model = load_prompting_model()
    assert model.config == PROMPT_CONFIG and not model.training
