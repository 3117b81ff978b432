"""prompting_model: the prompting model's sizes and the shipped run's key."""

from __future__ import annotations

from helpers.llm import prompting_model


def test_config_fits_the_prompts():
    cfg = prompting_model.PROMPT_CONFIG
    assert cfg.block_size == 128 and cfg.n_embd % cfg.n_head == 0
    assert prompting_model.STEPS == 3000


def test_train_prompting_refuses_bad_arguments_before_any_work():
    import pytest

    with pytest.raises(ValueError):
        prompting_model.train_prompting(0)
    with pytest.raises(ValueError):
        prompting_model.train_prompting(10, seed=-1)
